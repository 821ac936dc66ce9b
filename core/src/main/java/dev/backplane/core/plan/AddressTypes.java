package dev.backplane.core.plan;

import dev.backplane.core.model.Address;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.InvalidDomainException;
import dev.backplane.spi.BusKind;
import dev.backplane.spi.DeviceModel;
import dev.backplane.spi.DeviceTransport;
import dev.backplane.spi.MachineDescription;
import dev.backplane.spi.VirtioTransport;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which address types libvirt 9.0 lets each device have: what it does with them while it parses
 * (drops, replaces, refuses for a missing controller) and what it refuses once addresses are
 * assigned. {@code corpus-address-types} checks every device kind against every address type.
 */
final class AddressTypes {
  /** The address type of a host device libvirt does not put on the guest's PCI buses. */
  private static final String UNASSIGNED = "unassigned";
  /**
   * Console target types whose virtio-serial address needs no controller written: a virtio console
   * (libvirt adds the controller) and a serial one (it drops the address); an sclp console's does.
   */
  private static final Set<String> VIRTIO_SERIAL_CONSOLES = Set.of("virtio", "serial");

  private final Work work;
  private final MachineDescription machine;

  AddressTypes(Work work) {
    this.work = work;
    this.machine = work.machine;
  }

  /**
   * What libvirt 9.0 does with addresses while it parses: host devices' address types (below); a
   * virtio-serial address outside a channel, console or serial port needs its controller written
   * in the domain; a hub's address of another type than {@code usb} is replaced by a USB address,
   * as if it had none; a console of target type serial drops its own (it has its port's), unless it
   * is the first and there is no serial port: it then becomes that port, address and all.
   */
  void whileParsing() {
    hostdevs();
    for (DeviceKind kind : DeviceKind.values()) {
      List<Device> list = work.list(kind);
      for (int i = 0; i < list.size(); i++) {
        Device d = list.get(i);
        Address a = d.address();
        if (a == null) {
          continue;
        }
        if (a instanceof Address.VirtioSerial vs && kind != DeviceKind.CHANNEL
            && !(kind == DeviceKind.CONSOLE && VIRTIO_SERIAL_CONSOLES.contains(consoleTarget(d)))
            && work.controllers("virtio-serial").stream()
                .noneMatch(c -> Objects.equals(c.index(), vs.controller()))) {
          throw new InvalidDomainException(d.describe(),
              "its virtio-serial address names controller " + vs.controller() + ", which is missing",
              "remove the <address>, or add <controller type='virtio-serial' index='"
                  + vs.controller() + "'/>");
        }
        if (kind == DeviceKind.CONSOLE && "serial".equals(d.attribute(Device.TARGET_TYPE))) {
          refuseCcwOrUnassigned(d, a); // libvirt checks its own address before it takes its port's
          if (i == 0 && work.list(DeviceKind.SERIAL).isEmpty()) {
            continue; // the console becomes the missing serial port, address and all (console compat)
          }
          list.set(i, d.withAddress(null)); // a console standing for a serial port has its port's
          continue;
        }
        if (kind == DeviceKind.HUB && !(a instanceof Address.Usb)) {
          list.set(i, d.withAddress(null));
          continue;
        }
      }
    }
  }

  /**
   * libvirt 9.0's address types for host devices (PCI ones are checked in {@link #validate}):
   * USB takes {@code usb}, SCSI {@code drive}, SCSI host {@code pci} or {@code ccw}, a mediated
   * device the one of its model; a vfio-ap device takes none, and the one it is given is dropped
   * before any address is counted (a CCW address it shares with a disk is no clash).
   */
  private void hostdevs() {
    List<Device> hostdevs = work.list(DeviceKind.HOSTDEV);
    for (int i = 0; i < hostdevs.size(); i++) {
      Device d = hostdevs.get(i);
      Address a = d.address();
      if (a == null || !(d.attribute(Device.MODE) == null || "subsystem".equals(d.attribute(Device.MODE)))) {
        continue;
      }
      String type = d.type() == null ? "" : d.type();
      String model = d.model() == null ? "" : d.model();
      if (type.equals("mdev") && model.equals("vfio-ap")) {
        hostdevs.set(i, d.withAddress(null));
        continue;
      }
      String wanted = switch (type) {
        case "usb" -> a instanceof Address.Usb ? null : "usb";
        case "scsi" -> a instanceof Address.Drive ? null : "drive";
        case "scsi_host" -> a instanceof Address.Pci || a instanceof Address.Ccw ? null : "pci' or 'ccw";
        case "mdev" -> switch (model) {
          case "vfio-pci" -> a instanceof Address.Pci ? null : "pci";
          case "vfio-ccw" -> a instanceof Address.Ccw ? null : "ccw";
          default -> null;
        };
        default -> null;
      };
      if (wanted != null) {
        throw new InvalidDomainException(d.describe(),
            "a host device of this type takes a '" + wanted + "' address, not this one",
            "give it <address type='" + wanted.replace("' or '", "'/> or <address type='")
                + "' .../>, or none");
      }
    }
  }

  /**
   * libvirt's check of device info once addresses are assigned (qemuValidateDomainDeviceInfo): a
   * device that tunes its option ROM must be a PCI one (or unassigned), so a NIC on CCW is refused.
   */
  static void refuseRomTuningOffPci(Work work) {
    for (Device d : work.each()) {
      Address a = d.address();
      if ("yes".equals(d.attribute(Device.ROM_TUNING)) && a != null && !(a instanceof Address.Pci)
          && !(a instanceof Address.Other o && UNASSIGNED.equals(o.type()))) {
        throw new InvalidDomainException(d.describe(),
            "it tunes its option ROM (<rom>), which libvirt allows on PCI devices alone, and it is on a "
                + a.type() + " address",
            "remove the <rom> element, or give the device a PCI address");
      }
    }
  }

  /**
   * The address types libvirt 9.0 allows devices (its parser and qemu_validate.c): CCW addresses
   * only on machines with a channel subsystem; {@code unassigned} only for host devices; SATA, SCSI, IDE and floppy disks take
   * {@code drive}; USB disks, USB inputs and redirected USB devices {@code usb}; a serial port the
   * type its target type names; an ISA panic device {@code isa} and other panic devices none; a
   * watchdog on PCI (i6300esb) {@code pci} and one on no bus (diag288) none;
   * an emulated IOMMU none. libvirt validates them after it has assigned addresses, so neither a
   * virtio channel's address of another type (replaced by a virtio-serial one) nor a spapr-vio
   * device's (read as a spapr-vio one, {@link SpaprVioAddresses}) is checked.
   */
  void validate() {
    for (Device d : work.each()) {
      if (isPciHostDevice(d) && d.address() != null && !(d.address() instanceof Address.Pci)
          && !(d.address() instanceof Address.Other o && UNASSIGNED.equals(o.type()))) {
        throw new InvalidDomainException(d.describe(),
            "a PCI host device takes a 'pci' or 'unassigned' address, not this one",
            "give it <address type='pci' .../>, or none");
      }
    }

    for (Device d : work.each()) {
      Address a = d.address();
      boolean virtioChannel = d.kind() == DeviceKind.CHANNEL && "virtio".equals(d.attribute(Device.TARGET_TYPE));
      if (a == null || virtioChannel || work.modelOf(d).flatMap(DeviceModel::spaprVioBase).isPresent()
          || !(a instanceof Address.Pci) && PciPlacement.chipsetAddress(machine, d).isPresent()) {
        continue; // a virtio channel's or a chipset controller's address of another type is replaced
      }
      refuseCcwOrUnassigned(d, a);
      if (a instanceof Address.VirtioMmio && d.kind() == DeviceKind.DISK && "virtio".equals(d.bus())
          && machine.devices().find(DeviceKind.DISK.element(), "virtio/disk")
              .filter(disk -> !disk.transports().containsKey(DeviceTransport.MMIO)).isPresent()) {
        throw new InvalidDomainException(d.describe(),
            machine.devices().qemuBinary().orElse("the QEMU binary of " + machine.arch())
                + " has no virtio-mmio transport, and libvirt 9.0 refuses a virtio disk on a virtio-mmio address",
            "give it a " + (machine.virtioTransport() == VirtioTransport.CCW ? "CCW" : "PCI") + " address, or none");
      }
      String wanted = wantedAddressType(d);
      if (wanted != null && !wanted.equals(a.type())) {
        throw new InvalidDomainException(d.describe(), wanted.isEmpty()
                ? "this device goes on no bus, so it takes no address"
                : "this device takes a '" + wanted + "' address",
            wanted.isEmpty() ? "remove the <address>"
                : "give it <address type='" + wanted + "' .../>, or none");
      }
    }
  }

  /** The one address type libvirt 9.0 allows {@code d} ("" for none), or null when it checks none. */
  private String wantedAddressType(Device d) {
    return switch (d.kind()) {
      case DISK -> switch (d.bus() == null ? "" : d.bus()) {
        case "sata", "scsi", "ide", "fdc" -> "drive";
        case "usb" -> "usb";
        default -> null;
      };
      case INPUT -> "usb".equals(d.bus()) ? "usb" : null;
      case REDIRDEV -> "usb";
      case SERIAL -> switch (Objects.requireNonNullElse(DomainDefaults.serialTarget(d, machine.defaults()), "")) {
        case "isa-serial" -> "isa";
        case "pci-serial" -> "pci";
        case "usb-serial" -> "usb";
        case "spapr-vio-serial" -> "spapr-vio";
        case "system-serial", "sclp-serial" -> "";
        default -> null;
      };
      case PANIC -> "isa".equals(d.model()) ? "isa" : "";
      case WATCHDOG -> work.modelOf(d).map(m -> switch (m.connection()) {
        case PCI -> "pci"; // i6300esb
        case NONE -> ""; // diag288, virtual: on no bus
        default -> null;
      }).orElse(null);
      case IOMMU -> "virtio".equals(d.model()) ? null : "";
      default -> null;
    };
  }

  /** A host PCI device given to the guest: a PCI hostdev, or an interface of type hostdev. */
  static boolean isPciHostDevice(Device d) {
    return switch (d.kind()) {
      case HOSTDEV -> "pci".equals(d.type())
          && (d.attribute(Device.MODE) == null || "subsystem".equals(d.attribute(Device.MODE)));
      case INTERFACE -> d.isHostdevInterface();
      default -> false;
    };
  }

  /**
   * A CCW address on a machine without a channel subsystem, and {@code unassigned} on anything but
   * a host device (an {@code <interface type='hostdev'>} too), which libvirt 9.0 refuses.
   */
  private void refuseCcwOrUnassigned(Device d, Address a) {
    if (a instanceof Address.Ccw && machine.rootBuses().stream().noneMatch(b -> b.kind() == BusKind.CCW)) {
      throw new InvalidDomainException(d.describe(),
          "a CCW address needs a machine with a channel subsystem, and " + machine.name()
              + " has none",
          "remove the <address type='ccw'/>, or use an s390x machine (s390-ccw-virtio)");
    }
    boolean unassigned = a instanceof Address.Other o && UNASSIGNED.equals(o.type());
    if (unassigned && d.kind() != DeviceKind.HOSTDEV) {
      throw new InvalidDomainException(d.describe(),
          "an address of type 'unassigned' is for host devices only", "remove the <address>");
    }
  }

  /** A console's target type; none written is libvirt's default, a serial one. */
  private static String consoleTarget(Device console) {
    String target = console.attribute(Device.TARGET_TYPE);
    return target == null ? "serial" : target;
  }
}
