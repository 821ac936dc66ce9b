package dev.backplane.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backplane.adapters.cli.PlacementCheck.Placement;
import dev.backplane.adapters.cli.PlacementCheck.Status;
import dev.backplane.adapters.libvirtxml.LibvirtXml;
import dev.backplane.adapters.qmp.QemuDeviceTree;
import dev.backplane.adapters.qmp.QtreeCaptures;
import dev.backplane.core.Backplane;
import dev.backplane.core.model.Plan;
import dev.backplane.core.port.in.PlanTopologyCommand;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link PlacementCheck} on the plans of two corpus cases against the {@code info qtree} QEMU 7.2
 * printed for them ({@link QtreeCaptures}, from the qmp test-jar), as captured and with a device
 * moved or gone.
 */
class PlacementCheckTest {
  private static final Path CORPUS = AcceptanceCorpus.ROOT.resolve("x86_64");

  @Test
  void findsEveryPlannedDeviceOfQ35EverythingWherePlanned() throws IOException {
    List<Placement> placements = PlacementCheck.compare(plan("q35-everything"), QtreeCaptures.q35());

    assertEquals(List.of(), notOk(placements));
    assertEquals(25, placements.size(), lines(placements).toString());
    assertEquals(List.of(
        "ok virtio-disk0 pci.6 00.0",
        "ok sata0-0-0 ide.0 unit 0",
        "ok ide pcie.0 1f.2",
        "ok pci.3 pci.1 00.0",
        "ok net1 pci.3 01.0",
        "ok channel0 virtio-serial0.0 nr 1",
        "ok input0 usb.0 port 1"),
        lines(placements).stream().filter(l -> List.of("virtio-disk0", "sata0-0-0", "ide", "pci.3",
            "net1", "channel0", "input0").contains(l.split(" ")[1])).toList());
  }

  @Test
  void findsUsbDevicesBehindAHubOnTheirPorts() throws IOException {
    List<Placement> placements = PlacementCheck.compare(plan("pc-usb-hub"), QtreeCaptures.pcUsbHub());

    assertEquals(List.of(), notOk(placements));
    assertEquals(List.of("ok usb pci.0 01.2", "ok input0 usb.0 port 2", "ok input1 usb.0 port 1.1",
        "ok hub0 usb.0 port 1", "ok balloon0 pci.0 02.0"), lines(placements));
  }

  @Test
  void reportsADeviceQemuPutOnAnotherBus() throws IOException {
    String qtree = QtreeCaptures.text("q35-everything.qtree")
        .replace("dev: i6300esb, id \"watchdog0\"\n                addr = 02.0",
            "dev: i6300esb, id \"watchdog0\"\n                addr = 05.0");

    List<Placement> placements = PlacementCheck.compare(plan("q35-everything"), QemuDeviceTree.parse(qtree));

    assertEquals(List.of("MOVED watchdog0 planned pci.3 02.0, QEMU pci.3 05.0"), notOk(placements));
  }

  @Test
  void reportsADeviceQemuDoesNotHave() throws IOException {
    String qtree = QtreeCaptures.text("q35-everything.qtree").replace("id \"net0\"", "id \"other\"");

    List<Placement> placements = PlacementCheck.compare(plan("q35-everything"), QemuDeviceTree.parse(qtree));

    assertEquals(List.of("MISSING net0 planned pci.2 00.0, QEMU has virtio-net-pci \"other\" there"),
        notOk(placements));
  }

  @Test
  void reportsABuiltInControllerMissingFromItsPlannedSlot() throws IOException {
    String qtree = QtreeCaptures.text("q35-everything.qtree").replace("addr = 1f.2", "addr = 1f.5");

    List<Placement> placements = PlacementCheck.compare(plan("q35-everything"), QemuDeviceTree.parse(qtree));

    assertEquals(List.of("MISSING ide planned pcie.0 1f.2"), notOk(placements));
  }

  @Test
  void reportsAUsbDeviceOnAnotherPort() throws IOException {
    String qtree = QtreeCaptures.text("pc-usb-hub.qtree").replace("port 1.1,", "port 1.3,");

    List<Placement> placements = PlacementCheck.compare(plan("pc-usb-hub"), QemuDeviceTree.parse(qtree));

    assertEquals(List.of("MOVED input1 planned usb.0 port 1.1, QEMU usb.0 port 1.3"), notOk(placements));
  }

  private static Plan plan(String corpusCase) throws IOException {
    try (InputStream in = Files.newInputStream(CORPUS.resolve(corpusCase + ".xml"))) {
      return Backplane.builder().build()
          .plan(new PlanTopologyCommand(LibvirtXml.read(in, corpusCase).domain()));
    }
  }

  private static List<String> notOk(List<Placement> placements) {
    return placements.stream().filter(p -> p.status() != Status.OK).map(Placement::line).toList();
  }

  private static List<String> lines(List<Placement> placements) {
    return placements.stream().map(Placement::line).toList();
  }
}
