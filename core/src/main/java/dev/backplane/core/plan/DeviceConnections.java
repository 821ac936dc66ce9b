package dev.backplane.core.plan;

import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.spi.Connection;
import dev.backplane.spi.MachineDescription;
import java.util.Set;

/**
 * How each device connects to PCI (libvirt's device table). These are device facts, the same on
 * every machine; a machine may override one with {@link MachineDescription#connections()}.
 */
final class DeviceConnections {
  private static final Set<String> PCI_SCSI = Set.of("virtio-transitional", "lsilogic",
      "lsisas1068", "lsisas1078", "vmpvscsi", "buslogic", "dc390", "am53c974");
  private static final Set<String> NON_PCI_NICS = Set.of("usb-net", "spapr-vlan", "lan9118",
      "smc91c111", "ne2k_isa");
  private static final Set<String> PCI_VIDEO = Set.of("vga", "cirrus", "vmvga", "qxl", "xen",
      "vbox", "parallels");
  private static final Set<String> PCI_SOUND = Set.of("es1370", "ac97", "ich6", "ich9");

  private DeviceConnections() {}

  static Connection of(Device d, MachineDescription machine) {
    Connection override = machine.connections().get(d.kind().element() + ":" + d.model());
    return override != null ? override : builtIn(d);
  }

  /** virtio unless the model asks for the transitional device, which is conventional PCI. */
  private static Connection virtio(Device d) {
    return "virtio-transitional".equals(d.model()) ? Connection.PCI : Connection.VIRTIO;
  }

  private static Connection builtIn(Device d) {
    String model = d.model();
    switch (d.kind()) {
      case DISK:
        return "virtio".equals(d.bus()) ? virtio(d) : Connection.NONE;
      case FILESYSTEM: {
        String driver = d.attribute(Device.DRIVER);
        if (driver != null && Set.of("loop", "nbd", "ploop", "mtp").contains(driver)) {
          return Connection.NONE;
        }
        return virtio(d);
      }
      case INTERFACE:
        if ("hostdev".equals(d.type())) {
          return Connection.PCIE;
        }
        if (model == null || NON_PCI_NICS.contains(model)) {
          return model == null ? Connection.PCI : Connection.NONE;
        }
        if (model.equals("virtio") || model.equals("virtio-non-transitional")) {
          return Connection.VIRTIO;
        }
        if (model.equals("e1000e") || model.equals("igb")) {
          return Connection.PCIE;
        }
        return Connection.PCI;
      case CONTROLLER:
        return controller(d);
      case SOUND:
        return model != null && PCI_SOUND.contains(model) ? Connection.PCI : Connection.NONE;
      case VIDEO:
        if ("virtio".equals(model)) {
          return Connection.VIRTIO;
        }
        if ("bochs".equals(model)) {
          return Connection.PCIE;
        }
        return model != null && PCI_VIDEO.contains(model) ? Connection.PCI : Connection.NONE;
      case MEMBALLOON:
        return model == null || model.equals("none") || model.equals("xen")
            ? Connection.NONE : virtio(d);
      case RNG:
      case VSOCK:
        return virtio(d);
      case INPUT:
        return "virtio".equals(d.bus()) ? virtio(d) : Connection.NONE;
      case WATCHDOG:
        return "i6300esb".equals(model) ? Connection.PCI : Connection.NONE;
      case SHMEM:
      case CRYPTO:
        return Connection.PCI;
      case SERIAL:
        return "pci-serial".equals(d.attribute(Device.TARGET_TYPE)) ? Connection.PCI : Connection.NONE;
      case MEMORY:
        return "virtio-pmem".equals(model) || "virtio-mem".equals(model)
            ? Connection.VIRTIO : Connection.NONE;
      case PANIC:
        return "pvpanic".equals(model) ? Connection.INTEGRATED : Connection.NONE;
      case IOMMU:
        return "virtio".equals(model) ? Connection.INTEGRATED : Connection.NONE;
      case HOSTDEV:
        return hostdev(d);
      default:
        return Connection.NONE;
    }
  }

  private static Connection controller(Device d) {
    String model = d.model();
    switch (d.type() == null ? "" : d.type()) {
      case "sata":
      case "ide":
        return Connection.PCI;
      case "usb":
        if (model == null) {
          return Connection.PCI;
        }
        if (model.equals("none") || model.equals("qusb1") || model.equals("qusb2")) {
          return Connection.NONE;
        }
        return model.equals("qemu-xhci") || model.equals("nec-xhci") ? Connection.PCIE : Connection.PCI;
      case "scsi":
        if ("virtio-scsi".equals(model) || "virtio-non-transitional".equals(model)) {
          return Connection.VIRTIO;
        }
        return model != null && PCI_SCSI.contains(model) ? Connection.PCI : Connection.NONE;
      case "virtio-serial":
        return virtio(d);
      case "nvme":
        return Connection.PCIE;
      default:
        return Connection.NONE; // pci controllers are handled by their model; fdc, ccid, isa...
    }
  }

  private static Connection hostdev(Device d) {
    if (!"subsystem".equals(d.attribute(Device.MODE)) && d.attribute(Device.MODE) != null) {
      return Connection.NONE;
    }
    switch (d.type() == null ? "" : d.type()) {
      case "pci":
      case "mdev":
        return Connection.PCIE; // the host device cannot be probed here: treated as PCIe, as libvirt does
      case "scsi_host":
        return virtio(d);
      default:
        return Connection.NONE;
    }
  }

  /** True when a device of this kind is a PCI controller that is not a root. */
  static boolean isPciController(Device d) {
    return d.kind() == DeviceKind.CONTROLLER && "pci".equals(d.type());
  }
}
