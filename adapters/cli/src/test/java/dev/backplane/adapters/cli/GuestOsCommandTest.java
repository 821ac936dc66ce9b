package dev.backplane.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backplane.adapters.libvirtxml.LibvirtDocument;
import dev.backplane.adapters.libvirtxml.LibvirtXml;
import dev.backplane.adapters.osinfo.OsinfoDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plan --os} and the domain's libosinfo metadata, against the installed osinfo-db package
 * (skipped without it, unless {@code CI=true}).
 */
class GuestOsCommandTest {
  /** A q35 domain with a virtio disk and a virtio NIC, as a manager writes it for any guest. */
  private static final String Q35 = """
      <domain type='kvm'>
        <name>guest</name>
        <memory>1048576</memory>
        %s
        <os><type arch='x86_64' machine='pc-q35-7.2'>hvm</type></os>
        <devices>
          <disk type='file' device='disk'>
            <source file='/var/lib/libvirt/images/guest.qcow2'/>
            <target dev='vda' bus='virtio'/>
          </disk>
          <interface type='network'>
            <source network='default'/>
            <model type='virtio'/>
          </interface>
        </devices>
      </domain>
      """;
  private static final String METADATA = """
      <metadata>
          <libosinfo:libosinfo xmlns:libosinfo="http://libosinfo.org/xmlns/libvirt/domain/1.0">
            <libosinfo:os id="%s"/>
          </libosinfo:libosinfo>
        </metadata>""";

  @BeforeAll
  static void needsOsinfoDb() {
    if (!Files.isDirectory(Path.of("/usr/share/osinfo/os"))) {
      if ("true".equals(System.getenv("CI"))) {
        fail("osinfo-db is not installed, and CI=true requires these tests to run");
      }
      Assumptions.abort("osinfo-db is not installed (apt-get install osinfo-db)");
    }
  }

  private static String domain(String metadata) {
    return Q35.formatted(metadata);
  }

  @Test
  void aLegacyGuestGetsTransitionalDevicesBehindAPcieToPciBridge() throws Exception {
    CliRun run = CliRun.of(domain(""), "plan", "--os", "centos6.10", "--format", "json", "-");
    assertEquals(0, run.code(), run.err());
    JsonNode plan = new ObjectMapper().readTree(run.out());
    int bridge = -1;
    for (JsonNode c : plan.get("controllers")) {
      if ("pcie-to-pci-bridge".equals(c.get("model").asText())) {
        bridge = c.get("index").asInt();
      }
    }
    assertTrue(bridge > 0, "no pcie-to-pci-bridge: " + run.out());
    for (String id : new String[] {"virtio-disk0", "net0"}) {
      JsonNode device = device(plan, id);
      assertEquals("virtio-transitional", device.get("model").asText(), id);
      assertEquals(bridge, device.get("address").get("bus").asInt(), id + " is not behind the bridge");
    }
  }

  @Test
  void theWrittenDomainCarriesTheTransitionalModels() {
    CliRun run = CliRun.of(domain(""), "plan", "--os", "http://centos.org/centos/6.10", "-");
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("<model type='virtio-transitional'/>"), run.out());
    assertTrue(run.out().contains("<disk type='file' device='disk' model='virtio-transitional'>"), run.out());
    assertTrue(run.out().contains("model='pcie-to-pci-bridge'"), run.out());
  }

  @Test
  void aModernGuestChangesNothing() {
    CliRun plain = CliRun.of(domain(""), "plan", "-");
    CliRun fedora = CliRun.of(domain(""), "plan", "--os", "fedora37", "-");
    assertEquals(0, fedora.code(), fedora.err());
    assertEquals(plain.out(), fedora.out());
    assertFalse(fedora.out().contains("transitional"));
  }

  @Test
  void aGuestWithoutVirtioDriversIsRefusedTheDevice() {
    CliRun run = CliRun.of(domain(""), "plan", "--os", "win2k8r2", "-");
    assertEquals(1, run.code(), run.err());
    assertEquals(1, run.err().lines().count(), run.err());
    assertTrue(run.err().startsWith("backplane: <disk device='disk' dev='vda'>: guest OS win2k8r2 (Microsoft Windows"
        + " Server 2008 R2) has no virtio-block driver"), run.err());
    assertTrue(run.err().contains("(fix: put the disk on an emulated bus: bus='sata'"), run.err());
  }

  /** libvirt 9.0 plans by the domain alone: the metadata counts only when --os domain asks. */
  @Test
  void theDomainsMetadataNamesTheGuestWithOsDomainOnly() throws Exception {
    String centos = domain(METADATA.formatted("http://centos.org/centos/6.10"));
    CliRun asLibvirt = CliRun.of(centos, "plan", "-");
    assertEquals(0, asLibvirt.code(), asLibvirt.err());
    assertFalse(asLibvirt.out().contains("transitional"), asLibvirt.out());
    assertEquals("", asLibvirt.err());

    CliRun fromMetadata = CliRun.of(centos, "plan", "--os", "domain", "-");
    assertEquals(0, fromMetadata.code(), fromMetadata.err());
    assertTrue(fromMetadata.out().contains("<model type='virtio-transitional'/>"), fromMetadata.out());
    assertTrue(fromMetadata.out().contains("<libosinfo:os id='http://centos.org/centos/6.10'/>"));

    CliRun noMetadata = CliRun.of(domain(""), "plan", "--os", "domain", "-");
    assertEquals(0, noMetadata.code(), noMetadata.err());
    assertEquals(CliRun.of(domain(""), "plan", "-").out(), noMetadata.out());
  }

  @Test
  void explainSaysTheGuestOsDecided() {
    CliRun run = CliRun.of(domain(""), "plan", "--os", "centos6.10", "--explain", "-");
    assertEquals(0, run.code(), run.err());
    assertTrue(run.err().contains("  guest-os.virtio-transitional: guest OS centos6.10 has only the legacy"
        + " virtio-net driver (osinfo-db lists 1af4:1000, not 1af4:1041): model virtio-transitional, which"
        + " goes on conventional PCI [osinfo-db: centos6.10]\n"), run.err());
  }

  @Test
  void batchPlansEachDomainForItsGuest(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("centos.xml"), domain(METADATA.formatted("http://centos.org/centos/6.10")));
    Files.writeString(dir.resolve("plain.xml"), domain(""));
    CliRun run = CliRun.of("", "plan", "--batch", "--os", "domain", "--format", "json", dir.toString());
    assertEquals(0, run.code(), run.err());
    String[] lines = run.out().split("\n");
    assertEquals(2, lines.length, run.out());
    assertTrue(lines[0].contains("virtio-transitional"), lines[0]);
    assertFalse(lines[1].contains("virtio-transitional"), lines[1]);
  }

  @Test
  void anUnknownGuestIsInvalidInput() {
    CliRun run = CliRun.of(domain(""), "plan", "--os", "centos6.11", "-");
    assertEquals(1, run.code(), run.err());
    assertTrue(run.err().startsWith("backplane: --os centos6.11: osinfo-db knows no OS 'centos6.11' (close"
        + " ones: "), run.err());
    assertTrue(run.err().contains(" centos6.10,"), run.err());
  }

  @Test
  void noDatabaseIsAnEnvironmentError(@TempDir Path empty) {
    CliRun run = CliRun.of(domain(""), "plan", "--os", "centos6.10", "--osinfo-db", empty.toString(), "-");
    assertEquals(3, run.code(), run.err());
    assertTrue(run.err().startsWith("backplane: --os centos6.10: no osinfo-db is installed"), run.err());
    assertTrue(run.err().contains("apt-get install osinfo-db"), run.err());
  }

  @Test
  void aMissingOsinfoDbDirectoryIsAnEnvironmentErrorForMetadataToo(@TempDir Path empty) {
    CliRun run = CliRun.of(domain(METADATA.formatted("http://centos.org/centos/6.10")), "plan",
        "--os", "domain", "--osinfo-db", empty.resolve("none").toString(), "-");
    assertEquals(3, run.code(), run.err());
    assertTrue(run.err().contains("<libosinfo:os id='http://centos.org/centos/6.10'>: no osinfo-db"), run.err());
  }

  @Test
  void osDomainWithoutAnInstalledDatabaseIsAnEnvironmentError(@TempDir Path empty) {
    GuestOsOptions options = new GuestOsOptions();
    options.standardDatabase = () -> OsinfoDatabase.directory(empty); // as if nothing were installed
    LibvirtDocument document = LibvirtXml.read(
        domain(METADATA.formatted("http://centos.org/centos/6.10")).getBytes(StandardCharsets.UTF_8), "guest.xml");
    assertEquals(document.domain(), options.domainFor(document, false)); // no --os: as written

    options.os = GuestOsOptions.FROM_DOMAIN;
    CliException e = org.junit.jupiter.api.Assertions.assertThrows(CliException.class,
        () -> options.domainFor(document, false));
    assertEquals(ExitCodes.ENVIRONMENT, e.exitCode());
    assertTrue(e.getMessage().startsWith("guest.xml <libosinfo:os id='http://centos.org/centos/6.10'>: no osinfo-db"),
        e.getMessage());
  }

  @Tag("qemu")
  @Test
  void qemuBuildsTheTransitionalPlanAsPlanned() throws Exception {
    AcceptanceCorpus.requireQemu("x86_64");
    CliRun args = CliRun.of(domain(""), "plan", "--os", "centos6.10", "--format", "qemu-args", "-");
    assertEquals(0, args.code(), args.err());
    assertTrue(args.out().contains("virtio-net-pci-transitional"), args.out());
    assertTrue(args.out().contains("virtio-blk-pci-transitional"), args.out());
    CliRun verify = CliRun.of(domain(""), "verify", "--os", "centos6.10", "-");
    assertEquals(0, verify.code(), verify.out() + verify.err());
    assertTrue(verify.out().contains("ok net0 pci."), verify.out());
    assertTrue(verify.err().contains("are where the plan put them"), verify.err());
  }

  private static JsonNode device(JsonNode plan, String id) {
    for (JsonNode d : plan.get("devices")) {
      if (id.equals(d.get("id").asText())) {
        return d;
      }
    }
    throw new AssertionError("no device " + id + " in " + plan);
  }
}
