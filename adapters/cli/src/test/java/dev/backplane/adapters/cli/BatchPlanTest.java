package dev.backplane.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code plan --batch}, end to end through {@link Main#run}. */
class BatchPlanTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path X86_CORPUS = AcceptanceCorpus.ROOT.resolve("x86_64");

  @TempDir
  Path temp;

  @Test
  void writesOneJsonLinePerDomainInInputOrder() throws IOException {
    Path b = domain("b.xml", "q35");
    Path a = domain("a.xml", "pc");

    CliRun r = CliRun.of("", "plan", "--batch", "--format", "json", b.toString(), a.toString());

    assertEquals(0, r.code(), r.err());
    assertEquals("", r.err());
    List<JsonNode> lines = lines(r.out());
    assertEquals(List.of(b.toString(), a.toString()), files(lines));
    assertEquals("pc-q35-7.2", lines.get(0).get("machine").asText());
    assertEquals("pc-i440fx-7.2", lines.get(1).get("machine").asText());
    assertEquals("file", lines.get(0).fieldNames().next(), "the file comes first");
  }

  @Test
  void everyLineIsThePlanThatPlanAloneWrites() throws IOException {
    List<String> inputs = corpusDomains();

    CliRun batch = CliRun.of("", "plan", "--batch", "--jobs", "2", "--format", "json",
        X86_CORPUS.toString());

    List<JsonNode> lines = lines(batch.out());
    assertEquals(inputs, files(lines));
    int refused = 0;
    for (int i = 0; i < inputs.size(); i += 5) { // a fifth of the corpus: each costs a whole run
      CliRun alone = CliRun.of("", "plan", "--format", "json", inputs.get(i));
      ObjectNode line = (ObjectNode) lines.get(i);
      if (alone.code() == 0) {
        line.remove("file");
        assertEquals(JSON.readTree(alone.out()), line, inputs.get(i));
      } else {
        refused++;
        String message = alone.err().strip().substring("backplane: ".length());
        assertEquals(BatchPlan.located(inputs.get(i), message), line.get("error").asText());
        assertTrue(batch.err().contains("backplane: " + line.get("error").asText() + "\n"),
            batch.err());
      }
    }
    assertTrue(refused > 0, "the slice holds refused domains");
    assertEquals(1, batch.code(), batch.err());
  }

  @Test
  void aBadDomainIsReportedWithItsFileAndLineAndTheOthersGoOn() throws IOException {
    Path good = domain("good.xml", "q35");
    Path malformed = Files.writeString(temp.resolve("malformed.xml"),
        "<domain type='kvm'>\n<name>x</name>\n<devices>\n<disk>\n</domain>\n");
    Path unknown = domain("unknown.xml", "pc-q35-99.0");
    Path absent = temp.resolve("absent.xml");
    Path last = domain("last.xml", "pc");

    CliRun r = CliRun.of("", "plan", "--batch", "--format", "json", good.toString(),
        malformed.toString(), unknown.toString(), absent.toString(), last.toString());

    assertEquals(1, r.code(), r.err());
    List<JsonNode> lines = lines(r.out());
    assertEquals(5, lines.size(), r.out());
    assertTrue(lines.get(0).has("machine") && lines.get(4).has("machine"), r.out());
    assertTrue(lines.get(1).get("error").asText().startsWith(malformed + " line 5: not well-formed"),
        r.out());
    assertTrue(lines.get(2).get("error").asText().startsWith(unknown + ": <os><type"), r.out());
    assertEquals(absent + ": no such file", lines.get(3).get("error").asText());
    List<String> err = r.err().lines().toList();
    assertEquals(List.of(
        "backplane: " + lines.get(1).get("error").asText(),
        "backplane: " + lines.get(2).get("error").asText(),
        "backplane: " + absent + ": no such file",
        "backplane: 3 of 5 domains failed"), err);
  }

  @Test
  void aDirectoryStandsForItsXmlFilesSortedByName() throws IOException {
    Path dir = Files.createDirectory(temp.resolve("domains"));
    domain("domains/z.xml", "q35");
    domain("domains/m.xml", "pc");
    Files.writeString(dir.resolve("notes.txt"), "not a domain");
    Files.createDirectory(dir.resolve("sub.xml"));

    CliRun r = CliRun.of("", "plan", "--batch", "--format", "json", dir.toString());

    assertEquals(0, r.code(), r.err());
    assertEquals(List.of(dir.resolve("m.xml").toString(), dir.resolve("z.xml").toString()),
        files(lines(r.out())));
  }

  @Test
  void dashReadsFileNamesOnePerLine() throws IOException {
    Path a = domain("a.xml", "q35");
    Path b = domain("b b.xml", "pc");

    CliRun r = CliRun.of(a + "\n\n" + b + "\n", "plan", "--batch", "--format", "json", "-");

    assertEquals(0, r.code(), r.err());
    assertEquals(List.of(a.toString(), b.toString()), files(lines(r.out())));
  }

  @Test
  void dashWithNullReadsNulTerminatedNames() throws IOException {
    Path a = domain("a\nb.xml", "q35");
    Path b = domain("c.xml", "pc");

    CliRun r = CliRun.of(a + "\0" + b + "\0", "plan", "--batch", "--null", "--format", "json", "-");

    assertEquals(0, r.code(), r.err());
    assertEquals(List.of(a.toString(), b.toString()), files(lines(r.out())));
  }

  @Test
  void outputDirGetsTheDocumentPlanAloneWritesUnderTheInputsName() throws IOException {
    Path a = domain("a.xml", "q35");
    Path b = domain("b.xml", "pc");
    Path out = temp.resolve("out/nested");

    CliRun r = CliRun.of("", "plan", "--batch", "--output-dir", out.toString(),
        a.toString(), b.toString());

    assertEquals(0, r.code(), r.err());
    assertEquals("", r.out());
    assertEquals(CliRun.of("", "plan", a.toString()).out(), Files.readString(out.resolve("a.xml")));
    assertEquals(CliRun.of("", "plan", b.toString()).out(), Files.readString(out.resolve("b.xml")));
  }

  @Test
  void qemuArgsGoToArgsFilesAndAFailedDomainWritesNone() throws IOException {
    Path a = domain("a.xml", "q35");
    Path bad = domain("bad.xml", "pc-q35-99.0");
    Path out = temp.resolve("out");

    CliRun r = CliRun.of("", "plan", "--batch", "--format", "qemu-args", "--stub-backends",
        "--output-dir", out.toString(), a.toString(), bad.toString());

    assertEquals(1, r.code(), r.err());
    assertEquals(CliRun.of("", "plan", "--format", "qemu-args", "--stub-backends", a.toString()).out(),
        Files.readString(out.resolve("a.args")));
    assertFalse(Files.exists(out.resolve("bad.args")));
    assertTrue(r.err().startsWith("backplane: " + bad + ": <os><type"), r.err());
  }

  @Test
  void drawsAProgressBarOnlyWhenStderrIsATerminal() throws IOException {
    Path a = domain("a.xml", "q35");
    Path bad = domain("bad.xml", "pc-q35-99.0");
    CliRun r;
    System.setProperty(Terminal.STDERR_PROPERTY, "true");
    try {
      r = CliRun.of("", "plan", "--batch", "--format", "json", a.toString(), bad.toString());
    } finally {
      System.clearProperty(Terminal.STDERR_PROPERTY);
    }

    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains("] 2/2"), r.err());
    assertTrue(r.err().contains("\r\033[Kbackplane: " + bad + ": "),
        "the bar is cleared before a message: " + r.err());
    assertTrue(r.err().endsWith("\r\033[Kbackplane: 1 of 2 domains failed\n"), r.err());
    assertEquals(2, lines(r.out()).size(), "stdout holds data only");
  }

  @Test
  void refusesLibvirtOutputWithoutAnOutputDir() throws IOException {
    CliRun r = CliRun.of("", "plan", "--batch", domain("a.xml", "q35").toString());

    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().startsWith("backplane: --batch writes libvirt into files: give --output-dir"),
        r.err());
  }

  @Test
  void refusesTwoInputsThatWouldWriteTheSameFile() throws IOException {
    Files.createDirectories(temp.resolve("x"));
    Files.createDirectories(temp.resolve("y"));
    Path one = domain("x/same.xml", "q35");
    Path two = domain("y/same.xml", "pc");

    CliRun r = CliRun.of("", "plan", "--batch", "--output-dir", temp.resolve("out").toString(),
        one.toString(), two.toString());

    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("would both be written to"), r.err());
    assertFalse(Files.exists(temp.resolve("out")));
  }

  @Test
  void refusesToOverwriteAnInput() throws IOException {
    Path a = domain("a.xml", "q35");
    String before = Files.readString(a);

    CliRun r = CliRun.of("", "plan", "--batch", "--output-dir", temp.toString(), a.toString());

    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("would be overwritten by its own plan"), r.err());
    assertEquals(before, Files.readString(a));
  }

  @Test
  void planWithoutBatchTakesOneFile() throws IOException {
    CliRun r = CliRun.of("", "plan", domain("a.xml", "q35").toString(), domain("b.xml", "pc").toString());

    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().startsWith("backplane: plan takes one FILE (2 given); use --batch"), r.err());
  }

  @Test
  void batchOptionsNeedBatch() throws IOException {
    CliRun r = CliRun.of("", "plan", "--output-dir", temp.toString(), domain("a.xml", "q35").toString());

    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().startsWith("backplane: --output-dir, --null and --jobs need --batch"), r.err());
  }

  // --- helpers ----------------------------------------------------------------------------

  private Path domain(String name, String machine) throws IOException {
    return Files.writeString(temp.resolve(name), """
        <domain type='kvm'>
          <name>%s</name>
          <os><type arch='x86_64' machine='%s'>hvm</type></os>
          <devices>
            <disk type='file' device='disk'><source file='/d.qcow2'/><target dev='vda' bus='virtio'/></disk>
            <interface type='user'><mac address='52:54:00:00:00:01'/><model type='virtio'/></interface>
          </devices>
        </domain>
        """.formatted(name, machine));
  }

  private static List<String> corpusDomains() throws IOException {
    try (Stream<Path> files = Files.list(X86_CORPUS)) {
      return files.filter(p -> p.toString().endsWith(".xml")).map(Path::toString).sorted().toList();
    }
  }

  private static List<JsonNode> lines(String out) throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : out.lines().toList()) {
      lines.add(JSON.readTree(line));
    }
    return lines;
  }

  private static List<String> files(List<JsonNode> lines) {
    return lines.stream().map(l -> l.get("file").asText()).toList();
  }
}
