package dev.backplane.adapters.qemuargs;

import dev.backplane.core.model.Address;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.InvalidDomainException;
import dev.backplane.core.model.Plan;
import dev.backplane.spi.Connection;
import dev.backplane.spi.DeviceModel;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one translation from a planned address to QEMU's {@code bus}, {@code addr}, {@code port},
 * {@code unit} and SCSI properties, used for the {@code -device} arguments and to find a device
 * in QEMU's {@code info qtree} ({@code verify}).
 */
public final class QemuAddresses {
  private final Plan plan;
  /** Controllers by {@code type:index}; for a companion set, its master. */
  private final Map<String, Device> controllers = new LinkedHashMap<>();

  private QemuAddresses(Plan plan) {
    this.plan = plan;
    for (Device c : plan.controllers()) {
      if (c.index() == null) {
        continue;
      }
      String key = c.type() + ":" + c.index();
      Device known = controllers.get(key);
      if (known == null || isCompanion(known) && !isCompanion(c)) {
        controllers.put(key, c);
      }
    }
  }

  /** The translation for the devices of {@code plan}. */
  public static QemuAddresses of(Plan plan) {
    return new QemuAddresses(plan);
  }

  /** Controller {@code type} of {@code index} (the master of a companion set), or null. */
  public Device controller(String type, int index) {
    return controllers.get(type + ":" + index);
  }

  /** Whether {@code c} is a companion controller ({@link DeviceModel#isCompanion()}). */
  public boolean isCompanion(Device c) {
    return catalogModel(c).filter(DeviceModel::isCompanion).isPresent();
  }

  /** Whether {@code c} is the master of a companion set ({@link DeviceModel#isSetMaster()}). */
  public boolean isSetMaster(Device c) {
    return catalogModel(c).filter(DeviceModel::isSetMaster).isPresent();
  }

  /** {@code d}'s model in the plan's device catalog. */
  Optional<DeviceModel> catalogModel(Device d) {
    return d.modelIn(plan.machine().devices());
  }

  /**
   * Where QEMU puts {@code d}; empty when it has no address or one QEMU picks itself
   * (virtio-mmio).
   *
   * @throws InvalidDomainException when the address names a controller the plan lacks, or one
   *     QEMU cannot address it on (a SCSI id above what the controller takes)
   */
  public Optional<QemuAddress> of(Device d) {
    Address address = d.address();
    Map<String, String> props = new LinkedHashMap<>();
    String bus = null;
    if (address == null || address instanceof Address.VirtioMmio) {
      return Optional.empty();
    } else if (address instanceof Address.Pci pci) {
      Device root = controllers.get("pci:" + pci.bus());
      if (root == null || root.qemuId() == null) {
        throw invalid(d, "its PCI address " + pci + " names bus " + pci.bus()
            + ", but the plan has no PCI controller with that index", "report this planner bug");
      }
      Optional<DeviceModel> model = d.kind() == DeviceKind.CONTROLLER ? Optional.empty() : catalogModel(d);
      if (model.isPresent() && model.get().connection() == Connection.NONE && model.get().createsDevice()) {
        throw invalid(d, "its QEMU device " + model.get().qemuDevice() + " is no PCI device, so QEMU cannot put it"
                + " at PCI address " + pci + " (libvirt 9.0 accepts the address)",
            "give it an address on the bus it plugs into");
      }
      if (behindItself(d, pci)) {
        throw invalid(d, "its PCI address " + pci + " is on a bus behind itself, which QEMU cannot build"
                + " (libvirt 9.0 accepts the address)",
            "give the controller an address on a bus that does not hang from it");
      }
      // an extra PCI root (a pSeries host bridge) names its bus after itself: <id>.0
      bus = pci.bus() > 0 && "pci-root".equals(root.model()) ? root.qemuId() + ".0" : root.qemuId();
      props.put("addr", String.format("0x%02x.0x%x", pci.slot(), pci.function()));
      if (Boolean.TRUE.equals(pci.multifunction())) {
        props.put("multifunction", "on");
      }
    } else if (address instanceof Address.Usb usb) {
      bus = controllerId(d, "usb", usb.bus()) + ".0";
      if (usb.port() != null) {
        checkUsbSpeed(d, usb);
        props.put("port", usb.port());
      }
    } else if (address instanceof Address.Drive drive) {
      bus = drive(d, drive, props);
    } else if (address instanceof Address.Ccw ccw) {
      props.put("devno", ccw.toString());
    } else if (address instanceof Address.SpaprVio vio && vio.reg() != null) {
      props.put("reg", "0x" + Long.toHexString(vio.reg()));
    } else if (address instanceof Address.VirtioSerial vs) {
      bus = controllerId(d, "virtio-serial", vs.controller()) + "." + vs.bus();
      props.put("nr", Integer.toString(vs.port()));
    } else if (address instanceof Address.Other other && "ccid".equals(other.type())) {
      bus = controllerId(d, "ccid",
          Integer.parseInt(other.attributes().getOrDefault("controller", "0"))) + ".0";
    } else if (address instanceof Address.Other other && "isa".equals(other.type())
        && catalogModel(d).filter(m -> !m.isaAddress().isEmpty()).isPresent()) {
      isaProperties(d, other, catalogModel(d).get().isaAddress(), props);
    } else {
      throw invalid(d, "--format qemu-args does not write " + address.type() + " addresses",
          "use a PCI, USB or drive address");
    }
    return Optional.of(new QemuAddress(Optional.ofNullable(bus), props));
  }

  /**
   * An ISA address as the device's own properties, as libvirt 9.0 writes it: {@code iobase} and
   * {@code irq} (the catalog's names for them, {@code ioport} alone for the ISA pvpanic), both read
   * as hexadecimal with or without {@code 0x}, as libvirt reads them ({@code irq='10'} is 16); a
   * field left out or 0 is left to QEMU.
   */
  private void isaProperties(Device d, Address.Other isa, List<String> names, Map<String, String> props) {
    if (names.equals(List.of(DeviceModel.NO_DEVICE))) {
      return; // libvirt 9.0 leaves it off the command line, and QEMU picks the device's own
    }
    String[] fields = {"iobase", "irq"};
    for (int i = 0; i < names.size(); i++) {
      String value = isa.attributes().get(fields[i]);
      long number;
      try {
        number = value == null ? 0 : Long.parseLong(value.strip().replaceFirst("^0[xX]", ""), 16);
      } catch (NumberFormatException e) {
        throw invalid(d, "its ISA " + fields[i] + " '" + value + "' is not a hexadecimal number",
            "write it as libvirt does, such as " + fields[i] + "='0x" + (i == 0 ? "3f8" : "4") + "'");
      }
      if (number < 0 || number > 0xffffffffL) {
        throw invalid(d, "its ISA " + fields[i] + " " + value + " is out of range", "use a value QEMU takes");
      }
      if (number > 0) {
        props.put(names.get(i), Long.toString(number));
      }
    }
  }

  /**
   * A device on a root port must run at a speed the port takes: its controller's, or that of the
   * companion controller serving the port (an EHCI port takes a full-speed device only so).
   */
  private void checkUsbSpeed(Device d, Address.Usb usb) {
    Set<String> speeds = catalogModel(d).map(DeviceModel::usbSpeeds).orElse(Set.of());
    Device master = controller("usb", usb.bus());
    Set<String> portSpeeds = master == null ? Set.of()
        : catalogModel(master).map(DeviceModel::usbSpeeds).orElse(Set.of());
    if (speeds.isEmpty() || portSpeeds.isEmpty() || !Collections.disjoint(speeds, portSpeeds)) {
      return;
    }
    long port = Long.parseLong(usb.port().split("\\.")[0]); // a path level may reach 2^32 - 1
    for (Device c : plan.controllers()) {
      Optional<DeviceModel> companion = catalogModel(c).filter(DeviceModel::isCompanion);
      if ("usb".equals(c.type()) && Integer.valueOf(usb.bus()).equals(c.index()) && companion.isPresent()) {
        int first = companion.get().firstPort().orElse(0);
        boolean serves = port > first && port <= first + companion.get().usbPorts().orElse(0);
        if (serves && !Collections.disjoint(speeds, companion.get().usbSpeeds())) {
          return;
        }
      }
    }
    throw invalid(d, "it is a " + String.join("/", speeds) + "-speed USB device, and port " + usb.port()
            + " of USB controller " + usb.bus() + " (" + master.model() + ") takes " + String.join("/", portSpeeds) + "-speed"
            + " devices only, with no companion controller for the port; QEMU refuses it (libvirt 9.0"
            + " accepts the address)",
        "put it on a USB controller that takes it (qemu-xhci), or add the controller's companions");
  }

  /** A drive address on its controller's bus; returns the bus, or null where QEMU has one floppy bus. */
  private String drive(Device d, Address.Drive drive, Map<String, String> props) {
    // a SCSI host device names no bus: its drive address is on a SCSI controller
    String type = d.kind() == DeviceKind.HOSTDEV && "scsi".equals(d.type()) ? "scsi" : d.bus() == null ? "" : d.bus();
    switch (type) {
      case "sata": // QEMU's AHCI has one bus per port, each with unit 0
        return controllerId(d, "sata", drive.controller()) + "." + drive.unit();
      case "ide":
        props.put("unit", Integer.toString(drive.unit()));
        return controllerId(d, "ide", drive.controller()) + "." + drive.bus();
      case "fdc":
        if (drive.unit() > 1) {
          throw invalid(d, "floppy unit " + drive.unit() + ": QEMU's floppy bus has units 0 and 1 only"
              + " (libvirt 9.0 accepts it)", "give the floppy unit 0 or 1, or remove one floppy");
        }
        props.put("unit", Integer.toString(drive.unit()));
        return null;
      case "scsi":
        return scsi(d, drive, props);
      default:
        throw invalid(d, "--format qemu-args does not write drive addresses for bus '" + type + "'",
            "use bus sata, ide, scsi, fdc, virtio or usb");
    }
  }

  private String scsi(Device d, Address.Drive drive, Map<String, String> props) {
    String id = controllerId(d, "scsi", drive.controller());
    DeviceModel model = catalogModel(controller("scsi", drive.controller()))
        .filter(DeviceModel::createsDevice)
        .orElseThrow(() -> invalid(d, "its SCSI controller " + drive.controller()
            + " has no QEMU device in the device catalog", "use a SCSI controller model QEMU has"));
    if (model.scsiBus().orElse(DeviceModel.ScsiBus.WIDE) == DeviceModel.ScsiBus.WIDE) {
      if (model.scsiMaxLun().isPresent() && drive.unit() > model.scsiMaxLun().get()) {
        throw invalid(d, "its unit " + drive.unit() + " is a LUN, and QEMU's " + model.qemuDevice()
                + " takes LUNs 0.." + model.scsiMaxLun().get() + " (libvirt 9.0 accepts the address, QEMU refuses it)",
            "give the disk its own target in <address> (target='N' unit='0'), or use a virtio-scsi controller");
      }
      props.put("channel", Integer.toString(drive.bus()));
      props.put("scsi-id", Integer.toString(drive.target()));
      props.put("lun", Integer.toString(drive.unit()));
      return id + ".0";
    }
    // a narrow bus: the unit is the SCSI id, which the controller may cap
    if (model.scsiMaxId().isPresent() && drive.unit() > model.scsiMaxId().get()) {
      throw invalid(d, "its unit " + drive.unit() + " is a SCSI id, and QEMU's " + model.qemuDevice()
              + " takes ids 0.." + model.scsiMaxId().get(),
          "put the disk on a virtio-scsi controller, or give it a lower unit in <address>");
    }
    props.put("scsi-id", Integer.toString(drive.unit()));
    return id + "." + drive.bus();
  }

  /** A PCI controller whose upstream chain of buses leads back to its own bus. */
  private boolean behindItself(Device d, Address.Pci pci) {
    if (!"pci".equals(d.type()) || d.index() == null || d.kind() != DeviceKind.CONTROLLER) {
      return false;
    }
    Set<Integer> seen = new HashSet<>();
    Address at = pci;
    while (at instanceof Address.Pci up && up.bus() != 0 && seen.add(up.bus())) {
      if (up.bus() == d.index()) {
        return true;
      }
      Device parent = controllers.get("pci:" + up.bus());
      at = parent == null ? null : parent.address();
    }
    return false;
  }

  private String controllerId(Device d, String type, int index) {
    Device controller = controllers.get(type + ":" + index);
    if (controller == null || controller.qemuId() == null) {
      // libvirt 9.0 accepts such an address without adding the controller (a usb address on a
      // machine without a USB controller, a ccid address without a smartcard reader)
      throw invalid(d, "its address names " + type + " controller " + index
              + ", which the domain does not have, so QEMU has no bus to plug it into"
              + " (libvirt 9.0 accepts the address)",
          "add <controller type='" + type + "' index='" + index + "'/> or give the device an "
              + "address of its own bus");
    }
    return controller.qemuId();
  }

  InvalidDomainException invalid(Device d, String rule, String fix) {
    return new InvalidDomainException(d.describe(), rule + " on " + plan.machine().name(), fix);
  }
}
