package dev.backplane.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code plan --policy} and {@code --hotplug-reserve}: libvirt's policy by either name gives the
 * output of no flag; dense plans 1,000 virtio NICs inside the firmware budget, explains itself,
 * and {@code verify} shows that QEMU builds a dense plan exactly.
 */
class DensePolicyCliTest {
  private static final Path CORPUS = Path.of("../../conformance/corpus");

  /** A domain of {@code n} virtio NICs. */
  static String nics(String arch, String machine, int n) {
    StringBuilder xml = new StringBuilder("<domain type='qemu'><name>nics</name><memory>262144</memory>"
        + "<os><type arch='" + arch + "' machine='" + machine + "'>hvm</type></os><devices>");
    for (int i = 0; i < n; i++) {
      xml.append("<interface type='user'><model type='virtio'/></interface>");
    }
    return xml.append("</devices></domain>").toString();
  }

  @Test
  void libvirtByEitherNameIsTheDefaultOutputByteForByte() throws Exception {
    String domain = Files.readString(CORPUS.resolve("x86_64/q35-conventional-pci-autoadd.xml"));
    CliRun plain = CliRun.of(domain, "plan", "-");
    assertEquals(0, plain.code(), plain.err());
    assertEquals(plain, CliRun.of(domain, "plan", "--policy", "libvirt", "-"));
    assertEquals(plain, CliRun.of(domain, "plan", "--policy", "libvirt-9.0", "-"));
  }

  @Test
  void anUnknownPolicyOrANegativeReserveIsAUsageError() {
    CliRun policy = CliRun.of(nics("x86_64", "q35", 1), "plan", "--policy", "packed", "-");
    assertEquals(2, policy.code(), policy.err());
    assertTrue(policy.err().contains("placement policy packed is not known: use one of libvirt-9.0, dense-1"),
        policy.err());
    assertEquals(2, CliRun.of(nics("x86_64", "q35", 1), "plan", "--hotplug-reserve", "-1", "-").code());
  }

  @Test
  void denseFitsAThousandNicsInTheSeabiosBudgetAndJsonShowsIt() throws Exception {
    CliRun r = CliRun.of(nics("x86_64", "q35", 1000), "plan", "--policy", "dense", "--format", "json", "-");
    assertEquals(0, r.code(), r.err());
    JsonNode plan = new ObjectMapper().readTree(r.out());
    JsonNode buses = plan.get("firmware").get("busNumbers");
    assertEquals("seabios", plan.get("firmware").get("name").asText());
    assertTrue(buses.get("used").asInt() <= buses.get("limit").asInt(), buses.toString());
    int nics = 0;
    for (JsonNode d : plan.get("devices")) {
      if (d.path("id").asText().startsWith("net")) {
        nics++;
      }
    }
    assertEquals(1000, nics);
  }

  @Test
  void libvirtRefusesWhatDensePlans() {
    CliRun r = CliRun.of(nics("x86_64", "q35", 300), "plan", "-");
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains("no PCI slot is left"), r.err());
    assertEquals(0, CliRun.of(nics("x86_64", "q35", 300), "plan", "--policy", "dense-1", "-").code());
  }

  @Test
  void explainNamesTheDenseRules() {
    CliRun r = CliRun.of(nics("x86_64", "q35", 300), "plan", "--policy", "dense", "--explain",
        "--hotplug-reserve", "2", "-");
    assertEquals(0, r.code(), r.err());
    for (String rule : new String[] {"dense.port:", "dense.port-function:", "pci.hotplug-reserve:",
        "endpoints go 2 per port"}) {
      assertTrue(r.err().contains(rule), rule + " in\n" + r.err().lines().limit(40).toList());
    }
  }

  @Test
  void theHotplugReserveIsCountedInTheBudget() throws Exception {
    JsonNode two = budget(CliRun.of(nics("x86_64", "q35", 3), "plan", "--format", "json", "-"));
    JsonNode ten = budget(CliRun.of(nics("x86_64", "q35", 3), "plan", "--format", "json",
        "--hotplug-reserve", "10", "-"));
    assertEquals(two.get("used").asInt() + 9, ten.get("used").asInt(), "9 more spare root ports");
  }

  private static JsonNode budget(CliRun r) throws Exception {
    assertEquals(0, r.code(), r.err());
    return new ObjectMapper().readTree(r.out()).get("firmware").get("busNumbers");
  }

  /**
   * 300 virtio NICs two to a port, 40 e1000 on two pcie-to-pci-bridges, and 90 spare ports: more
   * ports than the root bus holds, so one switch; QEMU builds it as planned. (The 1,000-NIC plans
   * take QEMU 20-50 s to start here: they are in {@code FirmwareBootTest}.)
   */
  @Test
  @Tag("qemu")
  void qemuBuildsADensePlanWithSwitchPackedPortsAndBridgesAsPlanned() {
    AcceptanceCorpus.requireQemu("x86_64");
    String domain = nics("x86_64", "q35", 300).replace("</devices>",
        "<interface type='user'><model type='e1000'/></interface>".repeat(40) + "</devices>");
    CliRun tree = CliRun.of(domain, "plan", "--policy", "dense", "--hotplug-reserve", "90", "--format", "tree", "-");
    assertEquals(0, tree.code(), tree.err());
    assertTrue(tree.out().contains("pcie-switch-upstream-port") && tree.out().contains("pcie-to-pci-bridge")
        && tree.out().contains("00.1 net"), tree.out());
    CliRun r = CliRun.of(domain, "verify", "--policy", "dense", "--hotplug-reserve", "90", "-");
    assertEquals(0, r.code(), r.err());
    assertEquals(340, r.out().lines().filter(l -> l.matches("ok net\\d+ pci\\.\\d+ [0-9a-f]{2}\\.[0-7]")).count(),
        r.out().lines().filter(l -> !l.startsWith("ok")).limit(10).toList().toString());
  }
}
