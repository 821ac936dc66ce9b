package dev.backplane.core.plan;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a PCI bus offers and what a device needs (libvirt's connect flags). A device fits a bus when
 * they share a connection type, subject to the behaviour flags.
 */
enum ConnectFlag {
  // behaviour
  AUTOASSIGN, INTEGRATED, AGGREGATE_SLOT,
  // connection types, in the order errors name them
  PCI_DEVICE("a conventional PCI device"),
  PCIE_DEVICE("a PCI Express device"),
  PCIE_ROOT_PORT("a pcie-root-port"),
  PCIE_SWITCH_UPSTREAM_PORT("a pcie-switch-upstream-port"),
  PCIE_SWITCH_DOWNSTREAM_PORT("a pcie-switch-downstream-port"),
  DMI_TO_PCI_BRIDGE("a dmi-to-pci-bridge"),
  PCIE_TO_PCI_BRIDGE("a pcie-to-pci-bridge"),
  PCI_EXPANDER_BUS("a pci-expander-bus"),
  PCIE_EXPANDER_BUS("a pcie-expander-bus"),
  PCI_BRIDGE("a pci-bridge");

  static final Set<ConnectFlag> TYPES = EnumSet.range(PCI_DEVICE, PCI_BRIDGE);
  private static final ConnectFlag[] VALUES = values();
  /** {@link #TYPES} as a bit mask ({@link #mask}). */
  static final int TYPES_MASK = mask(TYPES);

  private final String noun;

  ConnectFlag() {
    this(null);
  }

  ConnectFlag(String noun) {
    this.noun = noun;
  }

  /** "a conventional PCI device" for connection types. */
  String noun() {
    return noun;
  }

  /** This flag's bit in a {@link #mask}. */
  int bit() {
    return 1 << ordinal();
  }

  /** A flag set as a bit mask, for the tests the placement search makes on every bus. */
  static int mask(Set<ConnectFlag> flags) {
    int mask = 0;
    for (ConnectFlag flag : flags) {
      mask |= flag.bit();
    }
    return mask;
  }

  /** {@link #kindOf(Set)} of a {@link #mask}. */
  static String kindOf(int mask) {
    for (ConnectFlag flag : VALUES) {
      if ((mask & TYPES_MASK & flag.bit()) != 0) {
        return flag.noun();
      }
    }
    return "a device";
  }

  /** The first connection type of a flag set, named for messages. */
  static String kindOf(Set<ConnectFlag> flags) {
    return flags.stream().filter(TYPES::contains).findFirst().map(ConnectFlag::noun).orElse("a device");
  }
}
