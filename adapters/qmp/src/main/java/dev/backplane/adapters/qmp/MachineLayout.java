package dev.backplane.adapters.qmp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What QEMU builds for one machine type with {@code -nodefaults}, read from {@code info qtree}:
 * root buses (buses of devices on the system bus, with their kind taken from the QOM bus type),
 * the PCI devices on those roots with their addresses, and every other bus.
 */
record MachineLayout(List<Root> rootBuses, List<PciDevice> implicitDevices, List<String> options,
    List<OtherBus> otherBuses) {

  /** QOM bus type → table bus kind; virtio-mmio transports are collapsed into one root. */
  private static final Map<String, String> ROOT_KINDS = Map.of(
      "PCIE", "pcie",
      "PCI", "pci",
      "ISA", "isa",
      "spapr-vio-bus", "spapr-vio",
      "virtual-css-bus", "ccw",
      "virtio-mmio-bus", "virtio-mmio");
  static final String VIRTIO_MMIO_ROOT = "virtio-mmio-bus";

  /** A root bus: QEMU's name, the table kind and, for virtio-mmio, the number of transports (else 0). */
  record Root(String name, String kind, int transports) {}

  /** A device with a PCI address on a root bus; {@code option} is the machine option that drops it. */
  record PciDevice(String qemuType, String bus, int slot, int function, String option) {
    PciDevice withOption(String value) {
      return new PciDevice(qemuType, bus, slot, function, value);
    }

    boolean sameAddress(PciDevice other) {
      return qemuType.equals(other.qemuType) && bus.equals(other.bus) && slot == other.slot
          && function == other.function;
    }
  }

  /** A bus that is not a root: its name, QOM type and the device it belongs to. */
  record OtherBus(String name, String type, String device) {}

  MachineLayout {
    rootBuses = List.copyOf(rootBuses);
    implicitDevices = List.copyOf(implicitDevices);
    options = List.copyOf(options);
    otherBuses = List.copyOf(otherBuses);
  }

  /** The layout of {@code tree}, with buses and devices in creation order (oldest first). */
  static MachineLayout of(QemuDeviceTree tree) {
    List<Root> roots = new ArrayList<>();
    List<PciDevice> devices = new ArrayList<>();
    List<OtherBus> others = new ArrayList<>();
    int transports = 0;
    int mmioAt = -1;
    for (QemuDeviceTree.Device bridge : oldestFirst(tree.root().devices())) {
      for (QemuDeviceTree.Bus bus : oldestFirst(bridge.buses())) {
        String kind = ROOT_KINDS.get(bus.type());
        if (kind == null) {
          others.add(new OtherBus(bus.name(), bus.type(), bridge.type()));
          collectOthers(bus, others);
          continue;
        }
        if (kind.equals("virtio-mmio")) {
          transports++;
          if (mmioAt < 0) { // one root for all transports, at the first one's place
            mmioAt = roots.size();
            roots.add(null); // filled in below, once every transport is counted
          }
        } else {
          roots.add(new Root(bus.name(), kind, 0));
        }
        for (QemuDeviceTree.Device device : oldestFirst(bus.devices())) {
          String addr = device.property("addr");
          if ((kind.equals("pci") || kind.equals("pcie")) && addr != null) {
            pciAddress(addr).ifPresent(a ->
                devices.add(new PciDevice(device.type(), bus.name(), a[0], a[1], null)));
          }
        }
        collectOthers(bus, others);
      }
    }
    if (mmioAt >= 0) {
      roots.set(mmioAt, new Root(VIRTIO_MMIO_ROOT, "virtio-mmio", transports));
    }
    return new MachineLayout(roots, devices, List.of(), others);
  }

  private static void collectOthers(QemuDeviceTree.Bus bus, List<OtherBus> others) {
    for (QemuDeviceTree.Device device : oldestFirst(bus.devices())) {
      for (QemuDeviceTree.Bus child : oldestFirst(device.buses())) {
        if (!child.type().equals("virtio-mmio-bus")) {
          others.add(new OtherBus(child.name(), child.type(), device.type()));
        }
        collectOthers(child, others);
      }
    }
  }

  /** qtree lists the newest child first; creation order is the reverse. */
  private static <T> List<T> oldestFirst(List<T> printed) {
    List<T> reversed = new ArrayList<>(printed);
    Collections.reverse(reversed);
    return reversed;
  }

  /** {@code "1f.3"} → {31, 3}. */
  static Optional<int[]> pciAddress(String addr) {
    int dot = addr.indexOf('.');
    if (dot < 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(new int[] {
          Integer.parseInt(addr.substring(0, dot), 16), Integer.parseInt(addr.substring(dot + 1), 16)});
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Marks the devices that {@code variant} (this machine with {@code option=off}) lacks as
   * dropped by {@code option}; returns this layout unchanged when the option drops nothing.
   */
  MachineLayout withOptionOff(String option, MachineLayout variant) {
    boolean changed = false;
    List<PciDevice> marked = new ArrayList<>();
    for (PciDevice device : implicitDevices) {
      if (device.option() == null && variant.implicitDevices().stream().noneMatch(device::sameAddress)) {
        marked.add(device.withOption(option));
        changed = true;
      } else {
        marked.add(device);
      }
    }
    if (!changed) {
      return this;
    }
    List<String> withOption = new ArrayList<>(options);
    withOption.add(option);
    return new MachineLayout(rootBuses, marked, withOption, otherBuses);
  }
}
