package dev.backplane.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code add} and {@code remove}: hot-plug through the CLI, where no planned address may move. */
class AddRemoveCommandTest {
  private static final Path Q35 = Path.of("../../examples/q35-desktop.xml");
  private static final Path PC = Path.of("../../examples/pc-server.xml");
  private static final String VIRTIO_NIC = "<interface type='user'><model type='virtio'/></interface>";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  @Test
  void addWritesTheDomainWithTheNewDeviceAddressedAndMovesNothing() throws IOException {
    Path nic = write("nic.xml", VIRTIO_NIC);

    CliRun xml = CliRun.of("", "add", PC.toString(), nic.toString());
    CliRun json = CliRun.of("", "add", "--format", "json", PC.toString(), nic.toString());

    assertEquals(0, xml.code(), xml.err());
    assertEquals(0, json.code(), json.err());
    assertEquals(count(Files.readString(PC), "<interface ") + 1, count(xml.out(), "<interface "), xml.out());
    Map<String, JsonNode> before = addresses(plan(PC.toString()));
    Map<String, JsonNode> after = addresses(json.out());
    assertUnmoved(before, after);
    assertEquals(before.size() + 1, after.size(), "one new device: " + after.keySet());
  }

  @Test
  void addTakesSeveralDevicesFromDevicesElementsAndFromStandardInput() throws IOException {
    Path two = write("two.xml", "<devices>" + VIRTIO_NIC
        + "<input type='tablet' bus='usb'/></devices>");

    CliRun r = CliRun.of("<rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>",
        "add", "--format", "json", PC.toString(), two.toString(), "-");

    assertEquals(0, r.code(), r.err());
    Map<String, JsonNode> after = addresses(r.out());
    assertEquals(addresses(plan(PC.toString())).size() + 3, after.size(), after.keySet().toString());
  }

  @Test
  void addRefusesWhatNeedsANewControllerAndNamesWhy() throws IOException {
    // examples/q35-desktop.xml has one spare root port: the second NIC would need a new one
    Path nics = write("nics.xml", "<devices>" + VIRTIO_NIC + VIRTIO_NIC + "</devices>");

    CliRun r = CliRun.of("", "add", Q35.toString(), nics.toString());

    assertEquals(1, r.code(), r.err());
    assertEquals("", r.out());
    assertTrue(r.err().startsWith("backplane: ") && r.err().contains("(fix: "), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
  }

  @Test
  void addRefusesAFileThatHoldsNoDevice() throws IOException {
    Path domain = write("not-a-device.xml", "<domain type='kvm'><name>x</name></domain>");

    CliRun r = CliRun.of("", "add", PC.toString(), domain.toString());

    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().startsWith("backplane: " + domain + ": <domain>: is not a libvirt device element"),
        r.err());
  }

  @Test
  void removeDropsTheDeviceOfTheIdGivenAndMovesNothingElse() throws IOException {
    Map<String, JsonNode> before = addresses(plan(PC.toString()));
    assertTrue(before.containsKey("net0"), before.keySet().toString());

    CliRun xml = CliRun.of("", "remove", PC.toString(), "net0");
    CliRun json = CliRun.of("", "remove", "--format", "json", PC.toString(), "net0");

    assertEquals(0, xml.code(), xml.err());
    assertFalse(xml.out().contains("<interface"), xml.out());
    assertEquals(0, json.code(), json.err());
    Map<String, JsonNode> after = addresses(json.out());
    before.remove("net0");
    assertEquals(before, after);
  }

  @Test
  void removeOfAnUnknownIdOrOfADeviceThePlannerAddsIsRefused() {
    CliRun unknown = CliRun.of("", "remove", PC.toString(), "net9");
    CliRun added = CliRun.of("", "remove", Q35.toString(), "pci.1");

    assertEquals(1, unknown.code(), unknown.err());
    assertTrue(unknown.err().startsWith("backplane: " + PC + ": no device has the QEMU id 'net9'"),
        unknown.err());
    assertEquals(1, added.code(), added.err());
    assertTrue(added.err().contains("the planner adds this device"), added.err());
  }

  @Test
  void stubBackendsWithoutQemuArgsIsAUsageError() throws IOException {
    CliRun r = CliRun.of("", "add", "--stub-backends", PC.toString(), write("nic.xml", VIRTIO_NIC).toString());

    assertEquals(2, r.code(), r.err());
  }

  /**
   * The property of the issue over corpus domains: adding a virtio NIC moves no planned address
   * (or is refused with one diagnostic line), and removing it again gives back the plan's addresses.
   */
  @Test
  void addingAndRemovingANicMovesNoAddressOnCorpusDomains() throws IOException {
    Path nic = write("nic.xml", VIRTIO_NIC);
    List<Path> cases = new ArrayList<>();
    for (String arch : List.of("x86_64", "aarch64", "s390x", "ppc64")) {
      List<Path> accepted = AcceptanceCorpus.accepted(arch);
      for (int i = 0; i < accepted.size(); i += 6) {
        cases.add(accepted.get(i));
      }
    }
    int added = 0;
    for (Path input : cases) {
      CliRun planned = CliRun.of("", "plan", "--format", "json", input.toString());
      if (planned.code() != 0) {
        continue; // a domain Backplane refuses (a known gap) has nothing to add to
      }
      Map<String, JsonNode> before = addresses(planned.out());
      CliRun xml = CliRun.of("", "add", input.toString(), nic.toString());
      if (xml.code() != 0) {
        assertEquals(1, xml.code(), input + ": " + xml.err());
        assertTrue(xml.err().startsWith("backplane: ") && xml.err().lines().count() == 1, input + ": " + xml.err());
        continue;
      }
      added++;
      Map<String, JsonNode> after = addresses(CliRun.of(xml.out(), "plan", "--format", "json", "-").out());
      assertUnmoved(before, after);
      List<String> fresh = after.keySet().stream().filter(id -> !before.containsKey(id)).toList();
      assertEquals(1, fresh.size(), input + ": " + fresh);

      CliRun removed = CliRun.of(xml.out(), "remove", "--format", "json", "-", fresh.get(0));
      assertEquals(0, removed.code(), input + ": " + removed.err());
      assertEquals(before, addresses(removed.out()), input.toString());
    }
    assertTrue(added >= 10, "only " + added + " of " + cases.size() + " corpus domains took a NIC");
  }

  private static void assertUnmoved(Map<String, JsonNode> before, Map<String, JsonNode> after) {
    before.forEach((id, address) -> assertEquals(address, after.get(id), id + " moved"));
  }

  private static long count(String text, String what) {
    return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
  }

  private static String plan(String file) {
    CliRun r = CliRun.of("", "plan", "--format", "json", file);
    assertEquals(0, r.code(), r.err());
    return r.out();
  }

  /** Every controller's and device's address, by QEMU id. */
  private static Map<String, JsonNode> addresses(String planJson) throws IOException {
    JsonNode plan = JSON.readTree(planJson);
    Map<String, JsonNode> byId = new LinkedHashMap<>();
    for (String list : List.of("controllers", "devices")) {
      for (JsonNode d : plan.get(list)) {
        if (d.hasNonNull("id")) {
          byId.put(d.get("id").asText(), d.get("address"));
        }
      }
    }
    return byId;
  }

  private Path write(String name, String xml) throws IOException {
    return Files.writeString(tmp.resolve(name), xml);
  }
}
