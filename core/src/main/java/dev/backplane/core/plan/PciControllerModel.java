package dev.backplane.core.plan;

import static dev.backplane.core.plan.ConnectFlag.AUTOASSIGN;
import static dev.backplane.core.plan.ConnectFlag.DMI_TO_PCI_BRIDGE;
import static dev.backplane.core.plan.ConnectFlag.PCIE_DEVICE;
import static dev.backplane.core.plan.ConnectFlag.PCIE_EXPANDER_BUS;
import static dev.backplane.core.plan.ConnectFlag.PCIE_ROOT_PORT;
import static dev.backplane.core.plan.ConnectFlag.PCIE_SWITCH_DOWNSTREAM_PORT;
import static dev.backplane.core.plan.ConnectFlag.PCIE_SWITCH_UPSTREAM_PORT;
import static dev.backplane.core.plan.ConnectFlag.PCIE_TO_PCI_BRIDGE;
import static dev.backplane.core.plan.ConnectFlag.PCI_BRIDGE;
import static dev.backplane.core.plan.ConnectFlag.PCI_DEVICE;
import static dev.backplane.core.plan.ConnectFlag.PCI_EXPANDER_BUS;

import java.util.EnumSet;
import java.util.Set;

/**
 * libvirt's PCI controller models (its {@code <controller type='pci' model>} vocabulary): what each
 * needs upstream, which slots its bus has, and what it accepts downstream, the rules of libvirt's
 * PCI address code. A machine says which it allows; the QEMU device of each is in the device
 * catalog.
 */
enum PciControllerModel {
  PCI_ROOT("pci-root", null, 1, 31, true, PCI_DEVICE, PCI_BRIDGE, PCI_EXPANDER_BUS),
  PCIE_ROOT("pcie-root", null, 1, 31, false,
      PCIE_DEVICE, PCIE_ROOT_PORT, DMI_TO_PCI_BRIDGE, PCIE_EXPANDER_BUS),
  PCI_BRIDGE_MODEL("pci-bridge", PCI_BRIDGE, 1, 31, true, PCI_DEVICE, PCI_BRIDGE),
  PCIE_TO_PCI_BRIDGE_MODEL("pcie-to-pci-bridge", PCIE_TO_PCI_BRIDGE, 1, 31, true,
      PCI_DEVICE, PCI_BRIDGE),
  DMI_TO_PCI_BRIDGE_MODEL("dmi-to-pci-bridge", DMI_TO_PCI_BRIDGE, 0, 31, false,
      PCI_DEVICE, PCI_BRIDGE),
  PCIE_ROOT_PORT_MODEL("pcie-root-port", PCIE_ROOT_PORT, 0, 0, true,
      PCIE_DEVICE, PCIE_SWITCH_UPSTREAM_PORT, PCIE_TO_PCI_BRIDGE),
  SWITCH_UPSTREAM_PORT("pcie-switch-upstream-port", PCIE_SWITCH_UPSTREAM_PORT,
      0, 31, false, PCIE_SWITCH_DOWNSTREAM_PORT),
  SWITCH_DOWNSTREAM_PORT("pcie-switch-downstream-port",
      PCIE_SWITCH_DOWNSTREAM_PORT, 0, 0, true,
      PCIE_DEVICE, PCIE_SWITCH_UPSTREAM_PORT, PCIE_TO_PCI_BRIDGE),
  PCI_EXPANDER("pci-expander-bus", PCI_EXPANDER_BUS, 0, 31, true, PCI_DEVICE, PCI_BRIDGE),
  PCIE_EXPANDER("pcie-expander-bus", PCIE_EXPANDER_BUS, 0, 31, false,
      PCIE_ROOT_PORT, DMI_TO_PCI_BRIDGE);

  private static final PciControllerModel[] VALUES = values();

  private final String libvirtName;
  private final ConnectFlag needs;
  private final int minSlot;
  private final int maxSlot;
  private final Set<ConnectFlag> accepts;
  private final int acceptsMask;
  private final Set<ConnectFlag> upstreamFlags;

  PciControllerModel(String libvirtName, ConnectFlag needs, int minSlot,
      int maxSlot, boolean autoassign, ConnectFlag... accepts) {
    this.libvirtName = libvirtName;
    this.needs = needs;
    this.minSlot = minSlot;
    this.maxSlot = maxSlot;
    this.accepts = EnumSet.of(accepts[0], accepts);
    if (autoassign) {
      this.accepts.add(AUTOASSIGN);
    }
    this.acceptsMask = ConnectFlag.mask(this.accepts);
    this.upstreamFlags = needs == null ? null : upstream(needs, libvirtName);
  }

  private static Set<ConnectFlag> upstream(ConnectFlag needs, String libvirtName) {
    EnumSet<ConnectFlag> flags = EnumSet.of(needs);
    if (libvirtName.equals("pcie-root-port")) {
      flags.add(ConnectFlag.AGGREGATE_SLOT);
    }
    return flags;
  }

  /** libvirt's {@code model} attribute. */
  String libvirtName() {
    return libvirtName;
  }

  boolean isRoot() {
    return needs == null;
  }

  /** What the controller needs from the bus it plugs into (shared: never modify it). */
  Set<ConnectFlag> upstreamFlags() {
    return upstreamFlags;
  }

  /** What the controller's own bus accepts. */
  Set<ConnectFlag> accepts() {
    return EnumSet.copyOf(accepts);
  }

  /** {@link #accepts()} as a {@link ConnectFlag#mask}. */
  int acceptsMask() {
    return acceptsMask;
  }

  int minSlot() {
    return minSlot;
  }

  int maxSlot() {
    return maxSlot;
  }

  /** What adds buses below a root: another host bridge, a root port, or a bridge. */
  static PciControllerModel expansionFor(PciControllerModel root, boolean multipleRoots) {
    if (multipleRoots) {
      return PCI_ROOT;
    }
    return root == PCIE_ROOT ? PCIE_ROOT_PORT_MODEL : PCI_BRIDGE_MODEL;
  }

  static PciControllerModel byName(String name) {
    for (PciControllerModel model : VALUES) {
      if (model.libvirtName.equals(name)) {
        return model;
      }
    }
    return null;
  }
}
