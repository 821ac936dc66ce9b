package dev.backplane.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The QEMU boards without libvirt policy (arm-boards, ppc-boards): PCI devices where QEMU has a
 * PCI root, refused with the machine's name where it has none.
 */
class BoardsPlanTest {
  private static final String VIRTIO_DISK = "<disk type='file' device='disk'>"
      + "<source file='/tmp/x.img'/><target dev='vda' bus='virtio'/></disk>";

  @Test
  void refusesAVirtioDiskOnRaspi3bNamingTheMachine() {
    CliRun r = plan("aarch64", "raspi3b", VIRTIO_DISK);
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains("machine raspi3b has no PCI bus, and this device needs one"), r.err());
  }

  @Test
  void refusesAnE1000OnVexpressA9() {
    CliRun r = plan("aarch64", "vexpress-a9",
        "<interface type='user'><model type='e1000'/></interface>");
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains("machine vexpress-a9 has no PCI bus"), r.err());
  }

  @Test
  void putsAVirtioDiskOnVexpressA15OnVirtioMmio() {
    CliRun r = plan("aarch64", "vexpress-a15", VIRTIO_DISK);
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("\"type\" : \"virtio-mmio\""), r.out());
  }

  @Test
  void putsAVirtioDiskOnG3beigeInSlot1OfItsPciRoot() {
    CliRun r = plan("ppc64", "g3beige", VIRTIO_DISK);
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().replaceAll("\\s", "").contains(
        "\"address\":{\"type\":\"pci\",\"domain\":0,\"bus\":0,\"slot\":1,\"function\":0}"), r.out());
  }

  @Test
  void refusesAVirtioDiskOnPowernvWhichHasOnlyAnIsaBus() {
    CliRun r = plan("ppc64", "powernv", VIRTIO_DISK);
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains("machine powernv9 has no PCI bus"), r.err());
  }

  @Test
  void putsEndpointsStraightOnThePcieRootOfABoardThatTakesNoRootPorts() {
    CliRun r = plan("aarch64", "sbsa-ref", VIRTIO_DISK);
    assertEquals(0, r.code(), r.err());
    String json = r.out().replaceAll("\\s", "");
    assertTrue(json.contains("\"address\":{\"type\":\"pci\",\"domain\":0,\"bus\":0,"), r.out());
    assertTrue(!json.contains("pcie-root-port"), "sbsa-ref takes no pcie-root-port: " + r.out());
  }

  @Test
  void namesTheRootBusAsTheMachineDoes() {
    CliRun r = plan("aarch64", "versatilepb", VIRTIO_DISK);
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().replaceAll("\\s", "").contains("\"id\":\"pci\""), "versatilepb's root is 'pci': " + r.out());
  }

  private static CliRun plan(String arch, String machine, String devices) {
    String domain = "<domain type='qemu'><name>t</name><memory unit='MiB'>256</memory>"
        + "<os><type arch='" + arch + "' machine='" + machine + "'>hvm</type></os>"
        + "<devices>" + devices + "</devices></domain>";
    return CliRun.of(domain, "plan", "--format", "json", "-");
  }
}
