package dev.backplane.adapters.qmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link QemuDeviceTree} on {@code info qtree} text captured from QEMU 7.2 (src/test/resources/qtree). */
class QemuDeviceTreeTest {

  @Test
  void readsTheBusAndAddressOfADeviceBehindARootPort() {
    QemuDeviceTree.Device net = only(QtreeCaptures.q35(), "net0");

    assertEquals("virtio-net-pci", net.type());
    assertEquals("pci.2", net.bus());
    assertEquals("00.0", net.property("addr"));
  }

  @Test
  void readsADeviceBehindAPcieToPciBridgeBehindARootPort() {
    QemuDeviceTree qtree = QtreeCaptures.q35();

    assertEquals("pci.1", only(qtree, "pci.3").bus());
    QemuDeviceTree.Device e1000 = only(qtree, "net1");
    assertEquals("pci.3", e1000.bus());
    assertEquals("01.0", e1000.property("addr"));
  }

  @Test
  void keepsTheEmptyIdOfADeviceTheMachineBuildsIn() {
    List<QemuDeviceTree.Device> ahci = QtreeCaptures.q35().on("pcie.0").stream().filter(n -> n.type().equals("ich9-ahci")).toList();

    assertEquals(1, ahci.size());
    assertEquals("", ahci.get(0).id());
    assertEquals("1f.2", ahci.get(0).property("addr"));
  }

  @Test
  void namesTheBusOfTheDeviceACommandLineBusIdMeans() {
    QemuDeviceTree qtree = QemuDeviceTree.parse("""
        bus: main-system-bus
          type System
          dev: spapr-pci-host-bridge, id "pci.1"
            index = 1 (0x1)
            bus: pci.1.0
              type PCI
              dev: virtio-balloon-pci, id "balloon0"
                addr = 0b.0
          dev: spapr-pci-host-bridge, id ""
            bus: pci.0
              type PCI
        """);

    assertEquals("pci.1.0", qtree.busNamed("pci.1"));
    assertEquals("pci.1.0", only(qtree, "balloon0").bus());
    assertEquals("pci.0", qtree.busNamed("pci.0"));
    assertEquals("pci.7", qtree.busNamed("pci.7"));
    assertEquals(List.of("pci.1.0"),
        only(qtree, "pci.1").buses().stream().map(QemuDeviceTree.Bus::name).toList());
  }

  @Test
  void findsNoDeviceForAnEmptyId() {
    assertEquals(List.of(), QtreeCaptures.q35().withId(""));
  }

  @Test
  void findsBothDevicesWithThePxbsId() {
    QemuDeviceTree qtree = QemuDeviceTree.parse("""
        bus: main-system-bus
          type System
          dev: pxb-host, id ""
            bus: pxb-internal
              type PCI
              dev: pci-bridge, id "pci.1"
                addr = 00.0
                bus: pci.1
                  type PCI
                  dev: virtio-blk-pci, id "virtio-disk0"
                    addr = 01.0
          dev: i440FX-pcihost, id ""
            bus: pci.0
              type PCI
              dev: pxb, id "pci.1"
                bus_nr = 254 (0xfe)
                addr = 02.0
        """);

    assertEquals(List.of("pxb-internal 00.0", "pci.0 02.0"), qtree.withId("pci.1").stream()
        .map(n -> n.bus() + " " + n.property("addr")).toList());
    assertEquals("pci.1", only(qtree, "virtio-disk0").bus());
  }

  @Test
  void readsTheAhciPortBusAndUnitOfASataDisk() {
    QemuDeviceTree.Device cdrom = only(QtreeCaptures.q35(), "sata0-0-0");

    assertEquals("ide-cd", cdrom.type());
    assertEquals("ide.0", cdrom.bus());
    assertEquals("0", cdrom.property("unit"));
  }

  @Test
  void readsTheVirtioSerialBusAndPortNumber() {
    QemuDeviceTree.Device channel = only(QtreeCaptures.q35(), "channel0");

    assertEquals("virtio-serial0.0", channel.bus());
    assertEquals("1", channel.property("nr"));
  }

  @Test
  void readsTheUsbPortADeviceIsAttachedToBehindAHub() {
    QemuDeviceTree.Device keyboard = only(QtreeCaptures.pcUsbHub(), "input1");

    assertEquals("usb.0", keyboard.bus());
    assertEquals("1.1", keyboard.usbPort());
    assertEquals("1.1", keyboard.property("port"));
  }

  @Test
  void dropsQuotesAndTheHexFormOfNumbers() {
    QemuDeviceTree qtree = QtreeCaptures.q35();

    assertEquals("10", only(qtree, "pci.10").property("chassis"));
    assertEquals("vgabios-qxl.bin", only(qtree, "video0").property("romfile"));
  }

  @Test
  void takesNoPropertyFromTheLinesItDoesNotKnow() {
    QemuDeviceTree.Device video = only(QtreeCaptures.q35(), "video0");

    assertNull(video.property("class"));
    assertNull(video.property("bar 0"));
    assertNull(video.usbPort());
  }

  @Test
  void keepsDevicesInPrintedOrderParentsBeforeChildren() {
    List<String> ids = QtreeCaptures.q35().devices().stream().map(QemuDeviceTree.Device::id).filter(id -> !id.isEmpty()).toList();

    assertTrue(ids.indexOf("pci.9") < ids.indexOf("rng0"), ids.toString());
    assertTrue(ids.indexOf("pci.1") < ids.indexOf("pci.3"), ids.toString());
    assertTrue(ids.indexOf("pci.3") < ids.indexOf("watchdog0"), ids.toString());
  }

  @Test
  void putsDevicesOnNestedBusesOnTheirOwnBus() {
    QemuDeviceTree qtree = QemuDeviceTree.parse("""
        bus: main-system-bus
          type System
          dev: q35-pcihost, id ""
            bus: pcie.0
              type PCIE
              dev: pcie-root-port, id "pci.1"
                addr = 02.0
                bus: pci.1
                  type PCIE
                  dev: virtio-net-pci, id "net0"
                    addr = 00.0
              dev: e1000, id "net1"
                addr = 03.0
          dev: hpet, id ""
        """);

    assertEquals("pci.1", only(qtree, "net0").bus());
    assertEquals("pcie.0", only(qtree, "net1").bus());
    assertEquals("03.0", only(qtree, "net1").property("addr"));
    assertEquals(List.of("q35-pcihost", "pcie-root-port", "virtio-net-pci", "e1000", "hpet"),
        qtree.devices().stream().map(QemuDeviceTree.Device::type).toList());
    assertEquals("main-system-bus", qtree.devices().get(4).bus());
  }

  @Test
  void textThatIsNotATreeIsRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> QemuDeviceTree.parse("unknown command: 'info qtre'"));
  }

  private static QemuDeviceTree.Device only(QemuDeviceTree qtree, String id) {
    List<QemuDeviceTree.Device> nodes = qtree.withId(id);
    assertEquals(1, nodes.size(), id + ": " + nodes);
    return nodes.get(0);
  }
}
