package dev.backplane.core.plan;

import dev.backplane.core.model.Address;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The ids QEMU gives devices and buses ({@code pcie.0}, {@code pci.3}, {@code net0}), as libvirt names them. */
final class QemuIds {
  private QemuIds() {}

  static void assign(Work work) {
    Map<DeviceKind, Integer> counters = new EnumMap<>(DeviceKind.class);
    for (DeviceKind kind : DeviceKind.values()) {
      List<Device> list = work.list(kind);
      for (int i = 0; i < list.size(); i++) {
        Device d = list.get(i);
        String id = idOf(work, d, counters);
        if (id != null) {
          list.set(i, d.withQemuId(id));
        }
      }
    }
  }

  private static String idOf(Work work, Device d, Map<DeviceKind, Integer> counters) {
    switch (d.kind()) {
      case CONTROLLER:
        return controllerId(work, d);
      case DISK:
        return diskId(d);
      case GRAPHICS:
      case LEASE:
        return null;
      default:
        break;
    }
    int n = counters.merge(d.kind(), 1, Integer::sum) - 1;
    String prefix = switch (d.kind()) {
      case INTERFACE -> "net";
      case MEMBALLOON -> "balloon";
      case FILESYSTEM -> "fs";
      case REDIRDEV -> "redir";
      case MEMORY -> "dimm";
      default -> d.kind().element();
    };
    return prefix + n;
  }

  private static String controllerId(Work work, Device c) {
    String type = c.type();
    int index = c.index();
    if ("pci".equals(type)) {
      if (index == 0) {
        // the machine's own name for its root bus (pcie.0, pci.0, or pci on versatilepb)
        return work.machine.pciRoot().map(dev.backplane.spi.RootBus::name)
            .orElse("pcie-root".equals(c.model()) ? "pcie.0" : "pci.0");
      }
      return "pci." + index;
    }
    boolean builtIn = index == 0 && DomainDefaults.hasBuiltInController(work.machine, type);
    if (builtIn && ("ide".equals(type) || "sata".equals(type))) {
      return "ide"; // QEMU's built-in IDE/AHCI buses are ide.N
    }
    if ("usb".equals(type)) {
      return index == 0 ? "usb" : "usb" + index;
    }
    return type + index;
  }

  private static String diskId(Device d) {
    if (d.address() instanceof Address.Drive drive && d.bus() != null) {
      return switch (d.bus()) {
        case "scsi" -> "scsi" + drive.controller() + "-0-" + drive.target() + "-" + drive.unit();
        default -> d.bus() + drive.controller() + "-" + drive.bus() + "-" + drive.unit();
      };
    }
    int idx = DiskNames.index(d.target());
    return switch (d.bus() == null ? "" : d.bus()) {
      case "virtio" -> "virtio-disk" + idx;
      case "usb" -> "usb-disk" + idx;
      default -> d.bus() + "-disk" + idx;
    };
  }
}
