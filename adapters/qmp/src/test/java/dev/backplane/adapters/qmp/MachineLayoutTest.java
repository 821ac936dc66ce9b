package dev.backplane.adapters.qmp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link MachineLayout} read from {@code info qtree} text, without QEMU. */
class MachineLayoutTest {
  private static final String PC = String.join("\n",
      "bus: main-system-bus",
      "  type System",
      "  dev: virtio-mmio, id \"\"",
      "    bus: virtio-mmio-bus.1",
      "      type virtio-mmio-bus",
      "  dev: virtio-mmio, id \"\"",
      "    bus: virtio-mmio-bus.0",
      "      type virtio-mmio-bus",
      "  dev: i440FX-pcihost, id \"\"",
      "    bus: pci.0",
      "      type PCI",
      "      dev: piix3-ide, id \"\"",
      "        addr = 01.1",
      "        bus: ide.1",
      "          type IDE",
      "        bus: ide.0",
      "          type IDE",
      "      dev: PIIX3, id \"\"",
      "        addr = 01.0",
      "        bus: isa.0",
      "          type ISA",
      "      dev: i440FX, id \"\"",
      "        addr = 00.0",
      "");

  @Test
  void rootBusKindsComeFromTheQomBusTypeAndDevicesAreInCreationOrder() {
    MachineLayout layout = MachineLayout.of(QemuDeviceTree.parse(PC));
    assertEquals(List.of(new MachineLayout.Root("pci.0", "pci", 0),
        new MachineLayout.Root("virtio-mmio-bus", "virtio-mmio", 2)), layout.rootBuses(),
        "the host bridge is listed last, so it was created first; the two transports are one root");
    assertEquals(List.of(
        new MachineLayout.PciDevice("i440FX", "pci.0", 0, 0, null),
        new MachineLayout.PciDevice("PIIX3", "pci.0", 1, 0, null),
        new MachineLayout.PciDevice("piix3-ide", "pci.0", 1, 1, null)), layout.implicitDevices());
    assertEquals(List.of(new MachineLayout.OtherBus("isa.0", "ISA", "PIIX3"),
        new MachineLayout.OtherBus("ide.0", "IDE", "piix3-ide"),
        new MachineLayout.OtherBus("ide.1", "IDE", "piix3-ide")), layout.otherBuses());
  }

  @Test
  void aBusNamedLikePcieButTypedPciIsConventionalPci() {
    MachineLayout layout = MachineLayout.of(QemuDeviceTree.parse(PC.replace("pci.0", "pcie.0")));
    assertEquals(new MachineLayout.Root("pcie.0", "pci", 0), layout.rootBuses().get(0));
  }

  @Test
  void devicesMissingWhenAnOptionIsOffAreMarkedWithIt() {
    MachineLayout full = MachineLayout.of(QemuDeviceTree.parse(PC));
    MachineLayout withoutIde = MachineLayout.of(QemuDeviceTree.parse(PC.replace("dev: piix3-ide", "dev: other")
        .replace("addr = 01.1", "addr = 05.0")));
    MachineLayout marked = full.withOptionOff("ide", withoutIde);
    assertEquals(List.of("ide"), marked.options());
    assertEquals("ide", marked.implicitDevices().get(2).option());
    assertEquals(full, full.withOptionOff("sata", full));
  }
}
