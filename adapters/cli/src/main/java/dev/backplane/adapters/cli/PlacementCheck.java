package dev.backplane.adapters.cli;

import dev.backplane.adapters.qemuargs.QemuAddress;
import dev.backplane.adapters.qemuargs.QemuAddresses;
import dev.backplane.adapters.qmp.QemuDeviceTree;
import dev.backplane.core.model.Address;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.InvalidDomainException;
import dev.backplane.core.model.Plan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compares where a plan puts each device with where QEMU put it ({@code info qtree}): PCI devices
 * (bus and {@code addr = SS.F}), USB devices (bus and port), disks on SATA, IDE and SCSI
 * controllers (bus and unit or channel:scsi-id:lun) and virtio-serial ports (bus and nr).
 *
 * <p>A device is found by the id the plan gives it ({@link Device#qemuId()}). Devices QEMU builds
 * itself (q35's AHCI at 1f.2, PIIX3's IDE at 01.1) and USB companion controllers have no id in
 * QEMU; they, and devices sharing their id with others, are found by their planned place instead.
 */
final class PlacementCheck {

  /** Where a device is: a bus name and an address on it, as QEMU spells them. */
  record Location(String bus, String address) {
    @Override
    public String toString() {
      return bus + " " + address;
    }
  }

  enum Status { OK, MOVED, MISSING }

  /**
   * One device's outcome.
   *
   * @param device the device's QEMU id, with its model when several devices share the id
   * @param qemu where QEMU put it, or null when it is missing
   * @param note what QEMU has at the planned place instead, or null
   */
  record Placement(String device, Status status, Location planned, Location qemu, String note) {
    /** One line: {@code ok net0 pci.1 00.0}, {@code MOVED ...}, {@code MISSING ...}. */
    String line() {
      return switch (status) {
        case OK -> "ok " + device + " " + planned;
        case MOVED -> "MOVED " + device + " planned " + planned + ", QEMU " + qemu;
        case MISSING -> "MISSING " + device + " planned " + planned + (note == null ? "" : ", " + note);
      };
    }
  }

  private final Plan plan;
  private final QemuDeviceTree qtree;
  /** The same translation the QEMU arguments use. */
  private final QemuAddresses addresses;
  private final Map<String, Integer> idUses = new HashMap<>();

  private PlacementCheck(Plan plan, QemuDeviceTree qtree) {
    this.plan = plan;
    this.qtree = qtree;
    this.addresses = QemuAddresses.of(plan);
    for (Device d : plan.devices()) {
      if (d.qemuId() != null) {
        idUses.merge(d.qemuId(), 1, Integer::sum);
      }
    }
  }

  /** Every placed device of {@code plan} that QEMU shows as a device, in plan order. */
  static List<Placement> compare(Plan plan, QemuDeviceTree qtree) {
    return new PlacementCheck(plan, qtree).compare();
  }

  private List<Placement> compare() {
    List<Placement> placements = new ArrayList<>();
    for (Device d : plan.devices()) {
      planned(d).ifPresent(planned -> placements.add(check(d, planned)));
    }
    return placements;
  }

  private Placement check(Device d, Location planned) {
    boolean shared = idUses.getOrDefault(d.qemuId(), 0) > 1;
    String name = shared || d.qemuId() == null ? label(d) : d.qemuId();
    // the planned place in QEMU's names: bus=pci.1 may mean the bus pci.1.0 of device pci.1
    Location target = new Location(qtree.busNamed(planned.bus()), planned.address());
    List<QemuDeviceTree.Device> byId = shared ? List.of() : qtree.withId(d.qemuId());
    if (!byId.isEmpty()) {
      List<Location> actual = byId.stream().map(n -> location(n, planned)).toList();
      return actual.contains(target)
          ? new Placement(name, Status.OK, planned, target, null)
          : new Placement(name, Status.MOVED, planned, actual.get(0), null);
    }
    // Built in by QEMU, or one of several devices with the same id: look at the planned place.
    List<QemuDeviceTree.Device> there = qtree.on(target.bus()).stream()
        .filter(n -> location(n, planned).equals(target))
        .toList();
    for (QemuDeviceTree.Device node : there) {
      if (node.id().isEmpty() || node.id().equals(d.qemuId())
          || d.kind() == dev.backplane.core.model.DeviceKind.NVRAM && node.id().startsWith("nvram@")) {
        return new Placement(name, Status.OK, planned, target, null);
      }
    }
    String note = there.isEmpty() ? null : "QEMU has " + there.get(0).describe() + " there";
    return new Placement(name, Status.MISSING, planned, null, note);
  }

  // --- planned places ----------------------------------------------------------------------

  /**
   * The planned place in qtree's terms, from the address the QEMU arguments give: PCI
   * {@code addr = SS.F}, USB {@code port}, drive {@code unit} (AHCI: one bus per port, unit 0) or
   * SCSI {@code channel:scsi-id:lun}, virtio-serial {@code nr}, CCW {@code devno}, spapr-vio
   * {@code reg}.
   */
  private Optional<Location> planned(Device d) {
    if (d.kind() == dev.backplane.core.model.DeviceKind.CONSOLE
        && "serial".equals(d.attribute(Device.TARGET_TYPE))) {
      return Optional.empty(); // the serial port itself, checked as the serial
    }
    QemuAddress at;
    try {
      at = addresses.of(d).orElse(null);
    } catch (InvalidDomainException e) {
      return Optional.empty(); // no QEMU address: the arguments refuse it too
    }
    if (at == null) {
      return Optional.empty();
    }
    String bus = at.bus().orElse(null);
    if (at.property("addr") != null) {
      String[] slotFunction = at.property("addr").split("\\.");
      return Optional.of(new Location(bus, pciAddress(Integer.decode(slotFunction[0]),
          Integer.decode(slotFunction[1]))));
    }
    if (at.property("port") != null) {
      return Optional.of(new Location(bus, "port " + at.property("port")));
    }
    if (at.property("devno") != null) {
      return Optional.of(new Location("virtual-css", "devno " + at.property("devno")));
    }
    if (at.property("reg") != null) {
      return Optional.of(new Location("spapr-vio", "reg " + at.property("reg")));
    }
    if (at.property("nr") != null) {
      return Optional.of(new Location(bus, "nr " + at.property("nr")));
    }
    if (at.property("scsi-id") != null) {
      return Optional.of(new Location(bus, scsiAddress(at.properties().getOrDefault("channel", "0"),
          at.property("scsi-id"), at.properties().getOrDefault("lun", "0"))));
    }
    if (d.address() instanceof dev.backplane.core.model.Address.Drive && bus != null) {
      return Optional.of(new Location(bus, "unit " + at.properties().getOrDefault("unit", "0")));
    }
    return Optional.empty();
  }

  // --- QEMU's places -----------------------------------------------------------------------

  /** Where QEMU put {@code node}, in the same terms as {@code planned}. */
  private static Location location(QemuDeviceTree.Device node, Location planned) {
    String address = planned.address();
    String actual;
    if (address.startsWith("port ")) {
      actual = "port " + (node.usbPort() != null ? node.usbPort() : node.property("port"));
    } else if (address.startsWith("devno ")) {
      actual = "devno " + unquoted(node.property("devno"));
    } else if (address.startsWith("reg ")) {
      actual = "reg " + hexPart(node.property("reg"));
    } else if (address.startsWith("nr ")) {
      actual = "nr " + node.property("nr");
    } else if (address.startsWith("unit ")) {
      actual = "unit " + node.property("unit");
    } else if (address.startsWith("scsi ")) {
      actual = scsiAddress(node.property("channel"), node.property("scsi-id"), node.property("lun"));
    } else {
      actual = node.property("addr");
    }
    return new Location(node.bus(), actual);
  }

  private static String unquoted(String value) {
    return value == null ? null : value.replace("\"", "");
  }

  /** A qtree number ({@code 8192}, or {@code 8192 (0x2000)}) in hex: {@code 0x2000}. */
  private static String hexPart(String value) {
    if (value == null) {
      return null;
    }
    String decimal = value.trim().split("\\s+")[0];
    try {
      return "0x" + Long.toHexString(Long.parseLong(decimal));
    } catch (NumberFormatException e) {
      return value;
    }
  }

  private static String pciAddress(int slot, int function) {
    return String.format("%02x.%x", slot, function);
  }

  private static String scsiAddress(String channel, String id, String lun) {
    return "scsi " + channel + ":" + id + ":" + lun;
  }

  /** {@code usb/ich9-uhci1}: the id and what tells devices with that id apart. */
  private static String label(Device d) {
    String what = d.model() != null ? d.model() : d.type() != null ? d.type() : d.kind().element();
    return (d.qemuId() == null ? d.kind().element() : d.qemuId()) + "/" + what;
  }
}
