package dev.backplane.core.plan;

import dev.backplane.core.model.BudgetUse;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.InvalidDomainException;
import dev.backplane.core.model.Plan;
import dev.backplane.spi.Connection;
import dev.backplane.spi.DeviceModel;
import dev.backplane.spi.Experimental;
import dev.backplane.spi.FirmwareBudget;
import dev.backplane.spi.MachineDescription;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Counts what a plan uses of a firmware's budget, following the rules measured on real firmware
 * (the limits themselves are machine data, {@link MachineDescription#firmwareBudgets()}):
 *
 * <ul>
 *   <li>bus numbers: each PCI root bus and each PCI controller below it (root port, switch port,
 *       bridge, expander) takes one; counted per PCI root, the busiest one reported;
 *   <li>I/O windows: a bridge forwards I/O in 4 KiB windows; it needs the I/O BARs of the devices
 *       on its bus and the windows of the bridges below it, rounded up to 4 KiB, and a
 *       conventional bridge takes 4 KiB even with nothing below when the firmware reserves I/O for
 *       its hot-plug ({@link FirmwareBudget#conventionalBridgesTakeIo()}). The windows of the
 *       bridges on the root buses, and whole 4 KiB of the root buses' own I/O BARs, are counted.
 * </ul>
 *
 * A device's I/O BARs come from the device catalog ({@link DeviceModel#ioPorts()}); a virtio
 * device has its legacy I/O BAR when QEMU makes it transitional: as {@code virtio-transitional},
 * or (unless {@code virtio-non-transitional}) on a root bus or conventional PCI bus. Behind a PCIe
 * port it is modern-only.
 */
@Experimental(since = "2026-11-30")
public final class FirmwareBudgets {
  /** The firmware names {@code --firmware} takes, besides {@code none}. */
  public static final Set<String> FIRMWARES = Set.of("seabios", "ovmf", "aavmf", "slof");
  /** The firmware name that checks no budget ({@code --firmware none}). */
  public static final String NONE = "none";
  private static final int WINDOW = 4096;
  private static final String TRANSITIONAL = "virtio-transitional";
  private static final String NON_TRANSITIONAL = "virtio-non-transitional";
  private static final Set<String> CONVENTIONAL_BRIDGES = Set.of("pci-bridge", "pcie-to-pci-bridge");

  private FirmwareBudgets() {}

  /**
   * The firmware a plan runs with: {@code requested} when given ({@code none}: no budget), else the
   * machine's UEFI firmware when the domain asks for UEFI, else the machine's default firmware.
   *
   * @param machine the planned machine
   * @param requested the firmware asked for ({@code --firmware}), or null
   * @param domainWantsEfi whether the domain asks for UEFI firmware ({@code <os firmware='efi'>})
   * @return the budget to check, empty when none applies
   */
  public static Optional<FirmwareBudget> select(MachineDescription machine, String requested,
      boolean domainWantsEfi) {
    if (requested != null) {
      if (requested.equals(NONE)) {
        return Optional.empty();
      }
      if (!FIRMWARES.contains(requested)) {
        throw new InvalidDomainException("--firmware " + requested, "firmware " + requested
            + " is not known", "use one of seabios, ovmf, aavmf, slof or none");
      }
      return Optional.of(machine.firmwareBudget(requested)
          .orElseGet(() -> FirmwareBudget.builder().firmware(requested).build()));
    }
    for (FirmwareBudget budget : machine.firmwareBudgets()) {
      if (domainWantsEfi ? budget.efi() : budget.isDefault()) {
        return Optional.of(budget);
      }
    }
    return domainWantsEfi
        ? Optional.of(FirmwareBudget.builder().firmware("efi").efi(true).build()) : Optional.empty();
  }

  /**
   * {@return what {@code plan} uses of {@code budget}}
   *
   * @param plan a plan made by this engine
   * @param budget the budget of the firmware that boots the domain
   */
  public static BudgetUse use(Plan plan, FirmwareBudget budget) {
    MachineDescription machine = plan.machine();
    Map<Integer, Device> pciControllers = new HashMap<>();
    for (Device c : plan.controllers()) {
      if (DeviceConnections.isPciController(c) && c.index() != null) {
        pciControllers.put(c.index(), c);
      }
    }
    Map<Integer, List<Device>> onBus = new HashMap<>();
    for (Device d : plan.devices()) {
      d.pciAddress().ifPresent(a -> onBus.computeIfAbsent(a.bus(), b -> new ArrayList<>()).add(d));
    }
    Counter counter = new Counter(machine, budget, pciControllers, onBus);
    int busiest = 0;
    int windows = 0;
    List<String> ioBridges = new ArrayList<>();
    for (Device root : pciControllers.values()) {
      if (root.address() != null) {
        continue;
      }
      busiest = Math.max(busiest, 1 + counter.bridgesBelow(root.index()));
      int rootBytes = 0;
      for (Device d : onBus.getOrDefault(root.index(), List.of())) {
        if (isBridge(d, pciControllers)) {
          int w = counter.window(d) / WINDOW;
          if (w > 0) {
            windows += w;
            ioBridges.add(d.qemuId() != null ? d.qemuId() : d.describe());
          }
        } else {
          rootBytes += counter.ioBytes(d, root);
        }
      }
      windows += rootBytes / WINDOW;
    }
    boolean measured = machine.firmwareBudget(budget.firmware()).isPresent();
    return new BudgetUse(budget, measured, machine.name(), busiest, windows, ioBridges);
  }

  private static boolean isBridge(Device d, Map<Integer, Device> pciControllers) {
    return DeviceConnections.isPciController(d) && d.index() != null && pciControllers.get(d.index()) == d;
  }

  /** Walks the PCI tree of one plan. */
  private record Counter(MachineDescription machine, FirmwareBudget budget,
      Map<Integer, Device> pciControllers, Map<Integer, List<Device>> onBus) {

    int bridgesBelow(int index) {
      int n = 0;
      for (Device d : onBus.getOrDefault(index, List.of())) {
        if (isBridge(d, pciControllers)) {
          n += 1 + bridgesBelow(d.index());
        }
      }
      return n;
    }

    /** The bytes of the I/O window {@code bridge} needs: a multiple of 4 KiB, or 0. */
    int window(Device bridge) {
      int bytes = 0;
      for (Device d : onBus.getOrDefault(bridge.index(), List.of())) {
        bytes += isBridge(d, pciControllers) ? window(d) : ioBytes(d, bridge);
      }
      int window = (bytes + WINDOW - 1) / WINDOW * WINDOW;
      if (window == 0 && budget.conventionalBridgesTakeIo() && CONVENTIONAL_BRIDGES.contains(bridge.model())) {
        window = WINDOW;
      }
      return window;
    }

    /** The I/O BAR bytes of a device on the bus of {@code parent}. */
    int ioBytes(Device d, Device parent) {
      boolean virtioModel = TRANSITIONAL.equals(d.model()) || NON_TRANSITIONAL.equals(d.model());
      Optional<DeviceModel> model = d.modelIn(machine.devices());
      if (model.map(DeviceModel::isFallback).orElse(true) && virtioModel) {
        model = d.toBuilder().model("virtio").build().modelIn(machine.devices());
      }
      if (model.isEmpty() || model.get().ioPorts() == 0) {
        return 0;
      }
      if (model.get().connection() != Connection.VIRTIO) {
        return model.get().ioPorts();
      }
      if (NON_TRANSITIONAL.equals(d.model())) {
        return 0;
      }
      PciControllerModel bus = PciControllerModel.byName(parent.model());
      boolean transitional = TRANSITIONAL.equals(d.model()) || parent.address() == null
          || bus != null && bus.accepts().contains(ConnectFlag.PCI_DEVICE);
      return transitional ? model.get().ioPorts() : 0;
    }
  }

}
