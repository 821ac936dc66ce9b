package dev.backplane.adapters.qemuargs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backplane.core.Backplane;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.Domain;
import dev.backplane.core.model.InvalidDomainException;
import dev.backplane.core.model.Plan;
import dev.backplane.core.port.in.PlanTopologyCommand;
import dev.backplane.spi.DeviceCatalog;
import dev.backplane.spi.DeviceModel;
import dev.backplane.spi.MachineDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every video, NIC, controller and input model of the device table, on a machine of each QEMU 7.2
 * binary, against that binary's device list from the built-in plugins: each {@code -device} the
 * arguments name is one the binary has, or qemu-args refuses the model naming the binary.
 */
class QemuDeviceAvailabilityTest {
  private static final Backplane BACKPLANE = Backplane.builder().build();
  private static final List<String> KINDS = List.of("video", "interface", "controller", "input");

  /** One machine per binary (two for x86_64, whose PCI controllers differ between pc and q35). */
  private static final Map<String, List<String>> MACHINES = Map.of(
      "x86_64", List.of("pc", "q35"),
      "aarch64", List.of("virt"),
      "armv7l", List.of("virt"),
      "ppc64", List.of("pseries"),
      "s390x", List.of("s390-ccw-virtio"));

  /**
   * The models each binary cannot take, as {@code kind key}: with no device in its list and no
   * fallback, qemu-args must refuse them, and nothing else. These are the binaries' facts: the ARM
   * binaries and ppc64 have no ISA floppy controller its machines can take (pSeries has no ISA
   * bus); s390x has no AHCI, USB host controllers, nor NICs other than virtio; x86_64's ISA NIC
   * ne2k_isa is one no machine takes as libvirt 9.0 addresses it (in a PCIe slot). Models the planner
   * refuses first are not counted: those libvirt 9.0 refuses at define when the binary lacks their
   * device (needsDevice: QXL off x86, ramfb on ppc64, VGA-style video, LSI and VMware SCSI
   * controllers, SATA and virtio-input-host on s390x), USB inputs without a USB controller on
   * s390x, and an ICH9 UHCI companion alone, which has no master.
   */
  private static final Map<String, Set<String>> REFUSED = Map.of(
      "x86_64", Set.of("interface ne2k_isa"),
      "aarch64", Set.of("controller fdc"),
      "armv7l", Set.of("controller fdc"),
      "ppc64", Set.of("controller fdc"),
      "s390x", Set.of("controller fdc", "controller usb/ehci",
          "controller usb/ich9-ehci1", "controller usb/nec-xhci", "controller usb/pci-ohci",
          "controller usb/piix3-uhci", "controller usb/piix4-uhci", "controller usb/qemu-xhci",
          "interface e1000", "interface e1000e", "interface ne2k_pci",
          "interface pcnet", "interface rtl8139", "interface vmxnet3"));

  @Test
  void everyModelOfTheTableIsOneTheBinaryHasOrIsRefusedNamingTheBinary() {
    Map<String, String> refusedWrongly = new TreeMap<>();
    Map<String, Set<String>> refused = new TreeMap<>();
    int written = 0;
    for (Map.Entry<String, List<String>> arch : MACHINES.entrySet()) {
      DeviceCatalog table = plan(arch.getKey(), arch.getValue().get(0)).machine().devices();
      String binaryName = QemuArgs.binary(plan(arch.getKey(), arch.getValue().get(0)).machine());
      refused.put(arch.getKey(), new TreeSet<>());
      for (String machine : arch.getValue()) {
        for (String kind : KINDS) {
          for (String key : table.keys(kind)) {
            String pair = kind + " " + key;
            Plan plan;
            try {
              plan = plan(arch.getKey(), machine, device(kind, key));
            } catch (InvalidDomainException e) {
              continue; // the planner's rule, not a device of the binary
            }
            Set<String> binary = plan.machine().qemuDevices();
            assertFalse(binary.isEmpty(), arch + ": the built-in plugin lists no devices");
            try {
              for (String type : deviceTypes(QemuArgs.arguments(plan, QemuArgs.Options.DEFAULT))) {
                assertTrue(binary.contains(type), arch.getKey() + " " + machine + " " + pair
                    + ": -device " + type + " is not in the binary's device list");
              }
              written++;
            } catch (InvalidDomainException e) {
              if (!e.getMessage().contains(binaryName + " ") || !e.getMessage().contains("has no device")) {
                refusedWrongly.put(arch.getKey() + " " + machine + " " + pair, e.getMessage());
              }
              refused.get(arch.getKey()).add(pair);
            }
          }
        }
      }
    }
    assertEquals(Map.of(), refusedWrongly, "refused for another reason than a missing device");
    assertEquals(sorted(REFUSED), sorted(refused));
    assertTrue(written > 150, "only " + written + " model/machine pairs were written");
  }

  @Test
  void aPrimaryVirtioVideoIsVirtioGpuPciWhereTheBinaryHasNoVirtioVga() {
    assertEquals(List.of("virtio-gpu-pci"), videoTypes("ppc64", "pseries", "virtio"));
    assertEquals(List.of("virtio-gpu-pci"), videoTypes("aarch64", "virt", "virtio"));
    assertEquals(List.of("virtio-gpu-pci"), videoTypes("armv7l", "virt", "virtio"));
    assertEquals(List.of("virtio-vga"), videoTypes("x86_64", "q35", "virtio"));
    assertEquals(List.of("virtio-gpu-ccw"), videoTypes("s390x", "s390-ccw-virtio", "virtio"));
    assertEquals(List.of("VGA"), videoTypes("ppc64", "pseries", "vga"));
  }

  @Test
  void aBinaryWithoutTheDeviceOrAFallbackRefusesTheModelNamingBinaryAndFix() {
    Plan plan = plan("s390x", "s390-ccw-virtio", device("interface", "e1000"));

    InvalidDomainException e = assertThrows(InvalidDomainException.class,
        () -> QemuArgs.arguments(plan, QemuArgs.Options.DEFAULT));
    assertEquals("<interface type='user' model='e1000'>", e.element());
    assertEquals("qemu-system-s390x (s390x) has no device 'e1000' for interface 'e1000', so the domain "
        + "cannot start on s390-ccw-virtio-7.2", e.rule());
    assertEquals("remove it, or use one of the interface models this QEMU has: virtio", e.fix());
  }

  @Test
  void theProbedListDecides() {
    Plan builtIn = plan("x86_64", "q35", device("video", "virtio"));
    Set<String> withoutVirtioVga = new TreeSet<>(builtIn.machine().qemuDevices());
    withoutVirtioVga.remove("virtio-vga");

    assertEquals(List.of("virtio-gpu-pci"), videos(QemuArgs.arguments(
        withDevices(builtIn, withoutVirtioVga), QemuArgs.Options.DEFAULT)));
    assertEquals(List.of("virtio-vga"), videos(QemuArgs.arguments(
        withDevices(builtIn, Set.of()), QemuArgs.Options.DEFAULT)), "an unknown list checks nothing");
    Set<String> withoutQemuXhci = new TreeSet<>(builtIn.machine().qemuDevices());
    withoutQemuXhci.remove("qemu-xhci");
    InvalidDomainException e = assertThrows(InvalidDomainException.class, () -> QemuArgs.arguments(
        withDevices(plan("x86_64", "q35", device("controller", "usb/qemu-xhci")), withoutQemuXhci),
        QemuArgs.Options.DEFAULT));
    assertTrue(e.fix().contains("usb/nec-xhci") && !e.fix().contains("virtio"), e.fix());
  }

  // --- helpers -----------------------------------------------------------------------------

  private static Map<String, Set<String>> sorted(Map<String, Set<String>> refused) {
    Map<String, Set<String>> out = new TreeMap<>();
    refused.forEach((arch, pairs) -> out.put(arch, new TreeSet<>(pairs)));
    return out;
  }

  private static Plan withDevices(Plan plan, Set<String> devices) {
    MachineDescription machine = MachineDescription.builder().from(plan.machine())
        .qemuDevices(devices).build();
    return new Plan(plan.arch(), machine, plan.devices());
  }

  private static List<String> videoTypes(String arch, String machine, String model) {
    return videos(QemuArgs.arguments(plan(arch, machine, device("video", model)),
        QemuArgs.Options.DEFAULT));
  }

  private static List<String> videos(List<String> args) {
    return deviceTypes(args).stream()
        .filter(t -> t.contains("vga") || t.contains("VGA") || t.contains("gpu")).toList();
  }

  private static Plan plan(String arch, String machine, Device... devices) {
    return BACKPLANE.plan(new PlanTopologyCommand(new Domain(arch, machine, List.of(devices))));
  }

  /** A device of the table's {@code kind} and {@code key}, as the libvirt reader would make it. */
  private static Device device(String kind, String key) {
    String model = key.equals(DeviceModel.NO_DEVICE) ? null : key;
    return switch (kind) {
      case "video" -> Device.builder(DeviceKind.VIDEO).key("video0").model(model).build();
      case "interface" -> Device.builder(DeviceKind.INTERFACE).key("net0").type("user").model(model).build();
      case "input" -> Device.builder(DeviceKind.INPUT).key("input0")
          .bus(key.substring(0, key.indexOf('/'))).type(key.substring(key.indexOf('/') + 1)).build();
      case "controller" -> {
        int slash = key.indexOf('/');
        String type = slash < 0 ? key : key.substring(0, slash);
        yield Device.builder(DeviceKind.CONTROLLER).key(key).type(type)
            .index(type.equals("pci") ? 1 : 0).model(slash < 0 ? null : key.substring(slash + 1)).build();
      }
      default -> throw new IllegalArgumentException(kind);
    };
  }

  /** The device type of every {@code -device}. */
  private static List<String> deviceTypes(List<String> args) {
    List<String> types = new ArrayList<>();
    for (int i = 0; i + 1 < args.size(); i++) {
      if (args.get(i).equals("-device")) {
        types.add(args.get(i + 1).split(",", 2)[0]);
      }
    }
    return types;
  }
}
