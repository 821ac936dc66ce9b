package dev.backplane.core.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import dev.backplane.core.model.Address;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.Plan;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What every plan must satisfy, whatever the domain: no two devices share an address, and every
 * device sits on a bus that exists and takes it. Shared by the planner's property tests and the
 * fuzz test of the command line (core's test-jar).
 */
public final class PlanInvariants {
  private static final Set<DeviceKind> CHARDEVS = Set.of(
      DeviceKind.SERIAL, DeviceKind.CONSOLE, DeviceKind.CHANNEL, DeviceKind.PARALLEL);

  private PlanInvariants() {}

  /** Both invariants. */
  public static void check(Plan plan) {
    noTwoDevicesShareAnAddress(plan);
    everyDeviceSitsOnABusThatTakesIt(plan);
  }

  /**
   * No two devices have the same PCI function, drive unit, virtio-serial port, USB port, CCW
   * devno or spapr-vio reg. Port 0 of a virtio-serial bus is the console's by QEMU's rule and
   * not counted; an unassigned spapr-vio reg is not an address; a console of target type
   * {@code serial} is the first serial port itself, so it shares that port's address. Drive and
   * virtio-serial addresses count on the devices that use them (libvirt keeps one written on
   * another device, such as a virtio-serial address on a USB controller, or a USB address on a
   * PS/2 mouse, as it is, and may give that place to another device).
   */
  public static void noTwoDevicesShareAnAddress(Plan plan) {
    Map<String, Device> owners = new HashMap<>();
    for (Device d : plan.devices()) {
      if (d.kind() == DeviceKind.CONSOLE && "serial".equals(d.attribute(Device.TARGET_TYPE))) {
        continue;
      }
      String place = place(d);
      if (place != null) {
        Device other = owners.put(place, d);
        if (other != null) {
          fail(other + " and " + d + " share " + place);
        }
      }
    }
  }

  private static String place(Device d) {
    Address address = d.address();
    if (address instanceof Address.Pci a) {
      return a.isWanted() ? null : "pci " + a.bus() + ":" + a.slot() + "." + a.function();
    } else if (address instanceof Address.Drive a && d.kind() == DeviceKind.DISK) {
      return "drive " + driveBus(d) + " " + a.controller() + ":" + a.bus() + ":" + a.target() + ":" + a.unit();
    } else if (address instanceof Address.VirtioSerial a && CHARDEVS.contains(d.kind())) {
      return a.port() == 0 ? null : "virtio-serial " + a.controller() + ":" + a.bus() + ":" + a.port();
    } else if (address instanceof Address.Usb a && usesUsb(d)) {
      return a.port() == null ? null : "usb " + a.bus() + ":" + a.port();
    } else if (address instanceof Address.Ccw a) {
      return "ccw " + a.cssid() + "." + a.ssid() + "." + a.devno();
    } else if (address instanceof Address.SpaprVio a) {
      return a.reg() == null ? null : "spapr-vio " + a.reg();
    }
    return null;
  }

  /**
   * A PCI device names a PCI controller that exists and a slot that controller has; a disk's
   * drive address, a character device's virtio-serial address and a USB device's USB address
   * name a controller of the right type that exists. (An address of a type the device does not
   * use, such as a drive address on a NIC, libvirt keeps as written, and so does the planner.)
   */
  public static void everyDeviceSitsOnABusThatTakesIt(Plan plan) {
    Map<Integer, String> pciBuses = new HashMap<>();
    plan.controllers().stream().filter(c -> c.isController("pci"))
        .forEach(c -> pciBuses.put(c.index(), c.model() == null ? "" : c.model()));
    for (Device d : plan.devices()) {
      Address address = d.address();
      if (address instanceof Address.Pci a && !a.isWanted()) {
        String bus = pciBuses.get(a.bus());
        if (bus == null) {
          fail(d + ": no pci controller has index " + a.bus());
        }
        if (a.slot() < minSlot(bus) || a.slot() > maxSlot(bus)) {
          fail(d + ": slot " + a.slot() + " is outside " + bus + " (index " + a.bus() + ")");
        }
      } else if (address instanceof Address.Drive a && d.kind() == DeviceKind.DISK) {
        requireController(plan, d, driveBus(d), a.controller());
      } else if (address instanceof Address.VirtioSerial a && CHARDEVS.contains(d.kind())) {
        requireController(plan, d, List.of("virtio-serial"), a.controller());
      } else if (address instanceof Address.Usb a && usesUsb(d)) {
        requireController(plan, d, List.of("usb"), a.bus());
      }
    }
  }

  /** Whether {@code d} is a USB device: on the USB bus, of USB type or model, or a CCID controller. */
  private static boolean usesUsb(Device d) {
    return switch (d.kind()) {
      case INPUT, REDIRDEV, DISK -> "usb".equals(d.bus());
      case HUB, HOSTDEV -> "usb".equals(d.type());
      case SOUND -> "usb".equals(d.model());
      case CONTROLLER -> d.isController("ccid");
      default -> false;
    };
  }

  /** The controller types a drive address of {@code d} may name. */
  private static List<String> driveBus(Device d) {
    return switch (d.bus() == null ? "" : d.bus()) {
      case "sata" -> List.of("sata");
      case "scsi" -> List.of("scsi");
      case "ide" -> List.of("ide");
      case "fdc" -> List.of("fdc");
      default -> List.of("ide", "sata", "scsi", "fdc");
    };
  }

  private static void requireController(Plan plan, Device d, List<String> types, int index) {
    boolean exists = plan.controllers().stream()
        .anyMatch(c -> types.contains(c.type()) && c.index() != null && c.index() == index);
    if (!exists && !(types.contains("fdc") && index == 0)) { // the floppy controller is built in
      fail(d + ": no " + String.join("/", types) + " controller has index " + index);
    }
  }

  /** The first slot a device may take on a PCI controller of this model. */
  public static int minSlot(String model) {
    return switch (model) {
      case "pcie-root-port", "pcie-switch-downstream-port", "dmi-to-pci-bridge",
          "pcie-switch-upstream-port", "pci-expander-bus", "pcie-expander-bus" -> 0;
      default -> 1; // roots and pci bridges
    };
  }

  /** The last slot a device may take on a PCI controller of this model. */
  public static int maxSlot(String model) {
    return switch (model) {
      case "pcie-root-port", "pcie-switch-downstream-port" -> 0;
      default -> 31;
    };
  }
}
