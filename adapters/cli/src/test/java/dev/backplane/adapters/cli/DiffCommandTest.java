package dev.backplane.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** backplane diff through the command line: machine versions, two domains, JSON, usage. */
class DiffCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DESKTOP = "../../examples/q35-desktop.xml";
  private static final String SERVER = "../../examples/pc-server.xml";

  private static JsonNode builtInX86Table() throws IOException {
    try (InputStream in = DiffCommandTest.class.getResourceAsStream(
        "/dev/backplane/machines/x86/qemu-system-x86_64-7.2.json")) {
      return JSON.readTree(in);
    }
  }

  /** The table's versioned machines of {@code prefix}, oldest first. */
  private static List<JsonNode> versions(JsonNode table, String prefix) {
    List<JsonNode> machines = new ArrayList<>();
    table.get("machines").forEach(m -> {
      if (m.get("name").asText().startsWith(prefix)) {
        machines.add(m);
      }
    });
    machines.sort(Comparator.comparing(m -> version(m.get("name").asText().substring(prefix.length()))));
    return machines;
  }

  /** 2.10 after 2.9, 4.0.1 after 4.0: numeric parts, zero-padded. */
  private static String version(String dotted) {
    StringBuilder s = new StringBuilder();
    for (String part : dotted.split("\\.")) {
      s.append(String.format("%04d", Integer.parseInt(part)));
    }
    return String.format("%-12s", s).replace(' ', '0');
  }

  @Test
  void consecutiveQ35AndI440fxVersionsDifferExactlyWhereTheBuiltInTablesDo() throws IOException {
    JsonNode table = builtInX86Table();
    int pairs = 0;
    for (var entry : List.of(List.of("pc-q35-", DESKTOP), List.of("pc-i440fx-", SERVER))) {
      List<JsonNode> machines = versions(table, entry.get(0));
      for (int i = 1; i < machines.size(); i++) {
        String from = machines.get(i - 1).get("name").asText();
        String to = machines.get(i).get("name").asText();
        JsonNode familyFrom = table.get("families").get(machines.get(i - 1).get("family").asText());
        JsonNode familyTo = table.get("families").get(machines.get(i).get("family").asText());
        CliRun diff = CliRun.of("", "diff", "--machine-from", from, "--machine-to", to, entry.get(1));
        List<String> machineLines = diff.out().lines().filter(l -> l.startsWith("machine ")).toList();
        assertEquals("machine " + from + " -> " + to, machineLines.get(0), diff.out());
        if (familyFrom.equals(familyTo)) {
          // the tables describe both alike (QEMU 7.2 builds the same devices for both)
          assertEquals(1, machineLines.size(), from + " -> " + to + ":\n" + diff.out());
          assertEquals(0, diff.code(), from + " -> " + to + ":\n" + diff.out() + diff.err());
          assertTrue(diff.out().lines().noneMatch(l -> l.startsWith("device ") || l.startsWith("controller ")),
              diff.out());
        } else {
          assertTrue(machineLines.size() > 1, from + " -> " + to + ":\n" + diff.out());
        }
        pairs++;
      }
    }
    assertEquals(30 + 23, pairs, "pairs of consecutive pc-i440fx and pc-q35 versions");
  }

  @Test
  void aTableWhereOldQ35TypesHaveAFloppyControllerShowsItGoingAway(@TempDir Path dir) throws IOException {
    ArrayNode implicit = builtInX86Table().get("families").get("q35").get("implicitDevices").deepCopy();
    // a strict table lists implicit devices on root buses only
    implicit.addObject().put("qemuType", "isa-fdc").put("bus", "pcie.0");
    ObjectNode table = JSON.createObjectNode().put("format", "backplane-machines/2").put("arch", "x86_64");
    ObjectNode old = table.putObject("families").putObject("q35-floppy").put("extends", "q35");
    old.set("implicitDevices", implicit);
    table.putArray("machines").addObject().put("name", "pc-q35-2.10").put("family", "q35-floppy");
    Files.writeString(dir.resolve("old-q35.json"), JSON.writeValueAsString(table));

    CliRun diff = CliRun.of("", "diff", "--tables", dir.toString(),
        "--machine-from", "pc-q35-2.10", "--machine-to", "pc-q35-2.11", DESKTOP);

    assertEquals(1, diff.code(), diff.out() + diff.err());
    assertTrue(diff.out().contains("machine implicitDevices removed ImplicitDevice{qemuType=isa-fdc, bus=pcie.0"),
        diff.out());
    assertTrue(diff.err().contains("backplane: diff: guest ABI changed (pc-q35-2.10 -> pc-q35-2.11)"), diff.err());
  }

  @Test
  void i440fxToQ35ChangesTheRootBusAndTheBuiltInDevices() {
    CliRun diff = CliRun.of("", "diff", "--machine-from", "pc", "--machine-to", "q35", SERVER);

    assertEquals(1, diff.code(), diff.err());
    assertTrue(diff.out().contains("machine rootBuses removed RootBus{name=pci.0, kind=PCI"), diff.out());
    assertTrue(diff.out().contains("machine implicitDevices added ImplicitDevice{qemuType=ICH9-LPC"), diff.out());
    assertTrue(diff.out().contains("controller added pci.1 (pci pcie-root-port)"), diff.out());
    assertTrue(diff.out().contains("device moved virtio-disk0 (disk) pci 00:04.0 -> pci "), diff.out());
  }

  @Test
  void anAppendedNicIsAddedAndMovesNothingInAPlannedDomain(@TempDir Path dir) throws IOException {
    CliRun planned = CliRun.of("", "plan", DESKTOP);
    Path old = dir.resolve("old.xml");
    Path now = dir.resolve("new.xml");
    Files.writeString(old, planned.out());
    Files.writeString(now, planned.out().replace("</devices>",
        "<interface type='user'><model type='virtio'/></interface></devices>"));

    CliRun diff = CliRun.of("", "diff", old.toString(), now.toString());
    assertEquals(0, diff.code(), diff.out() + diff.err());
    // the plan left root port pci.6 free, so the NIC takes it and no controller is added
    assertEquals("device added net1 (interface virtio) at pci 06:00.0\n", diff.out());
    assertTrue(diff.out().lines().noneMatch(l -> l.contains(" moved ") || l.contains(" removed ")), diff.out());

    CliRun json = CliRun.of("", "diff", "--format", "json", old.toString(), now.toString());
    assertEquals(0, json.code(), json.err());
    JsonNode result = JSON.readTree(json.out());
    assertTrue(result.get("abiUnchanged").asBoolean());
    JsonNode added = result.get("devices").get(0);
    assertEquals("added", added.get("change").asText());
    assertEquals("net1", added.get("id").asText());
    assertEquals("pci", added.get("after").get("type").asText());
  }

  @Test
  void machineOptionsComeInPairsWithOneDomain() {
    assertEquals(ExitCodes.USAGE, CliRun.of("", "diff", "--machine-from", "pc", DESKTOP).code());
    assertEquals(ExitCodes.USAGE, CliRun.of("", "diff", DESKTOP).code());
    assertEquals(ExitCodes.USAGE,
        CliRun.of("", "diff", "--machine-from", "pc", "--machine-to", "q35", DESKTOP, SERVER).code());
  }
}
