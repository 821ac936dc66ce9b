package dev.backplane.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Command;

/** End-to-end: every command through {@link Main#run}, in process, as the launcher runs it. */
class MainTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path temp;

  // --- plan -------------------------------------------------------------------------------

  @Test
  void plansAnExampleIntoAddressedLibvirtXml() {
    CliRun r = run("", "plan", example("q35-desktop.xml"));

    assertEquals(0, r.code(), r.err());
    assertEquals("", r.err());
    assertContains(r.out(), "<domain");
    assertContains(r.out(), "<address type='pci'");
  }

  @Test
  void plansEveryExample() {
    for (String name : List.of("q35-desktop.xml", "pc-server.xml", "q35-legacy-guest.xml")) {
      CliRun r = run("", "plan", example(name));

      assertEquals(0, r.code(), name + ": " + r.err());
      assertContains(r.out(), "<domain");
      assertContains(r.out(), "<address type='pci'");
    }
  }

  @Test
  void writesThePlanAsJson() throws IOException {
    CliRun r = run("", "plan", "--format", "json", example("q35-desktop.xml"));

    assertEquals(0, r.code(), r.err());
    JsonNode plan = JSON.readTree(r.out());
    assertEquals("x86_64", plan.get("arch").asText());
    assertEquals("pc-q35-7.2", plan.get("machine").asText());
    assertTrue(plan.get("controllers").isArray(), r.out());
    assertTrue(plan.get("devices").isArray(), r.out());
    assertTrue(kinds(plan.get("devices"))
        .containsAll(List.of("disk", "interface", "input", "video", "sound", "channel")), r.out());
    stream(plan.get("devices")).forEach(d -> assertTrue(
        d.has("id") && d.has("kind") && d.has("model") && d.has("address"), d.toString()));
  }

  @Test
  void jsonPlanPutsTheVirtioDiskBehindARootPortAndListsPcieRoot() throws IOException {
    CliRun r = run("", "plan", "--format", "json", example("q35-desktop.xml"));

    assertEquals(0, r.code(), r.err());
    JsonNode plan = JSON.readTree(r.out());
    JsonNode disk = stream(plan.get("devices"))
        .filter(d -> d.get("kind").asText().equals("disk")).findFirst().orElseThrow();
    JsonNode address = disk.get("address");
    assertEquals("pci", address.path("type").asText(), disk.toString());
    assertEquals(0, address.path("domain").asInt(-1), disk.toString());
    assertTrue(address.path("bus").asInt(-1) > 0, "q35 puts the disk behind a root port: " + disk);
    JsonNode root = stream(plan.get("controllers"))
        .filter(c -> c.get("type").asText().equals("pci") && c.get("index").asInt() == 0)
        .findFirst().orElseThrow(() -> new AssertionError("no pci controller 0 in " + r.out()));
    assertEquals("pcie-root", root.path("model").asText(), r.out());
    assertTrue(root.get("address").isNull(), r.out());
  }

  @Test
  void readsStandardInputForDash() throws IOException {
    String xml = Files.readString(Path.of(example("pc-server.xml")));

    CliRun r = run(xml, "plan", "--format", "json", "-");

    assertEquals(0, r.code(), r.err());
    assertEquals("pc-i440fx-7.2", JSON.readTree(r.out()).get("machine").asText());
  }

  @Test
  void refusesAnUnknownMachineWithOneLineAndExitOne() throws IOException {
    Path file = write("unknown-machine.xml", """
        <domain type='kvm'>
          <name>x</name>
          <os><type arch='x86_64' machine='pc-q35-99.0'>hvm</type></os>
          <devices/>
        </domain>
        """);

    CliRun r = run("", "plan", file.toString());

    assertEquals(1, r.code(), r.err());
    assertOneLineDiagnostic(r);
    assertContains(r.err(), "pc-q35-99.0");
    assertEquals("", r.out());
  }

  @Test
  void refusesMalformedXmlWithOneLineAndExitOne() throws IOException {
    Path file = write("malformed.xml", "<domain type='kvm'><name>x</name><devices>\n");

    CliRun r = run("", "plan", file.toString());

    assertEquals(1, r.code(), r.err());
    assertOneLineDiagnostic(r);
    assertEquals("", r.out());
  }

  @Test
  void refusesAMissingFileWithExitOne() {
    CliRun r = run("", "plan", temp.resolve("absent.xml").toString());

    assertEquals(1, r.code(), r.err());
    assertOneLineDiagnostic(r);
    assertContains(r.err(), "absent.xml");
  }

  @Test
  void refusesAnUnknownOptionWithExitTwo() {
    CliRun r = run("", "plan", "--frobnicate", example("q35-desktop.xml"));

    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().startsWith("backplane: "), r.err());
    assertContains(r.err(), "--frobnicate");
    assertEquals("", r.out());
  }

  @Test
  void refusesAnUnknownFormatWithExitTwo() {
    CliRun r = run("", "plan", "--format", "yaml", example("q35-desktop.xml"));

    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().startsWith("backplane: "), r.err());
  }

  @Test
  void writesQemuArgumentsOnePerLine() {
    CliRun r = run("", "plan", "--format", "qemu-args", example("q35-desktop.xml"));

    assertEquals(0, r.code(), r.err());
    assertEquals("", r.err());
    List<String> args = r.out().lines().toList();
    assertEquals(List.of("-nodefaults", "-machine", "pc-q35-7.2"), args.subList(0, 3));
    assertTrue(args.contains("virtio-blk-pci,id=virtio-disk0,bus=pci.4,addr=0x00.0x0,drive=drive-virtio-disk0"),
        r.out());
    assertFalse(args.contains("-blockdev"), r.out());
  }

  @Test
  void binaryPutsTheMachinesQemuBinaryOnTheFirstLine() {
    CliRun r = run("", "plan", "--format", "qemu-args", "--binary",
        example("q35-desktop.xml"));

    assertEquals(0, r.code(), r.err());
    assertEquals(List.of("qemu-system-x86_64", "-nodefaults", "-machine", "pc-q35-7.2"),
        r.out().lines().toList().subList(0, 4));
  }

  @Test
  void binaryWithoutQemuArgsIsAUsageError() {
    CliRun r = run("", "plan", "--binary", example("q35-desktop.xml"));

    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--binary needs --format qemu-args"), r.err());
  }

  @Test
  void stubBackendsDefineNullBackends() {
    CliRun r = run("", "plan", "--format", "qemu-args", "--stub-backends", example("q35-desktop.xml"));

    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().lines().anyMatch("driver=null-co,node-name=drive-virtio-disk0"::equals), r.out());
    assertTrue(r.out().lines().anyMatch("hubport,id=hostnet0,hubid=0"::equals), r.out());
  }

  @Test
  void refusesStubBackendsWithoutQemuArgsWithExitTwo() {
    CliRun r = run("", "plan", "--stub-backends", example("q35-desktop.xml"));

    assertEquals(2, r.code(), r.err());
    assertContains(r.err(), "--stub-backends needs --format qemu-args");
    assertEquals("", r.out());
  }

  @Test
  void refusesAMissingCommandWithExitTwo() {
    CliRun r = run("");

    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().startsWith("backplane: missing command"), r.err());
  }

  @Test
  void namesEveryRegisteredCommandWhenTheCommandIsMissing() {
    CliRun r = run("");

    String message = r.err().lines().findFirst().orElse("");
    assertEquals("backplane: missing command: plan, add, remove, describe, machines, verify, probe, drift or diff",
        message);
    for (Class<?> command : BackplaneCommand.SUBCOMMANDS.values()) {
      assertContains(message, command.getAnnotation(Command.class).name());
    }
  }

  @Test
  void subcommandNamesAreTheCommandsOwnNames() {
    BackplaneCommand.SUBCOMMANDS.forEach((name, command) ->
        assertEquals(command.getAnnotation(Command.class).name(), name, command.getName()));
  }

  @Test
  void aCommandFirstOnTheLineHelpsAndFailsUnderItsFullName() {
    CliRun help = run("", "plan", "--help");
    CliRun wrong = run("", "plan", "--no-such-option", "x.xml");

    assertEquals(0, help.code(), help.err());
    assertTrue(help.out().startsWith("Usage: backplane plan "), help.out());
    assertEquals(2, wrong.code(), wrong.err());
    assertContains(wrong.err(), "Try 'backplane plan --help' for more information.");
    assertEquals(BackplaneCommand.class.getAnnotation(Command.class).name(), Main.ROOT);
  }

  @Test
  void topLevelHelpListsEverySubcommand() {
    CliRun r = run("", "--help");

    assertEquals(0, r.code(), r.err());
    for (String name : BackplaneCommand.SUBCOMMANDS.keySet()) {
      assertTrue(r.out().lines().anyMatch(l -> l.strip().startsWith(name + " ")), name + " in\n" + r.out());
    }
  }

  @Test
  void versionAloneSaysWhatPicocliSays() {
    CliRun alone = run("", "--version");
    CliRun shortForm = run("", "-V");
    CliRun throughPicocli = run("", "plan", "--version");

    assertEquals(0, alone.code(), alone.err());
    assertTrue(alone.out().startsWith("backplane "), alone.out());
    assertEquals(throughPicocli.out(), alone.out());
    assertEquals(alone.out(), shortForm.out());
  }

  @Test
  void aMistypedCommandGetsSuggestions() {
    CliRun r = run("", "plna", "x.xml");

    assertEquals(2, r.code(), r.err());
    assertContains(r.err(), "plan");
  }

  // --- describe ---------------------------------------------------------------------------

  @Test
  void describesQ35AsJson() throws IOException {
    CliRun r = run("", "describe", "q35", "--format", "json");

    assertEquals(0, r.code(), r.err());
    JsonNode machine = JSON.readTree(r.out());
    assertEquals("pc-q35-7.2", machine.get("name").asText());
    assertEquals("x86_64", machine.get("arch").asText());
    assertEquals("q35", machine.get("family").asText());
    assertEquals("q35", machine.get("aliases").get(0).asText());
    assertEquals("pcie.0", machine.get("rootBuses").get(0).get("name").asText());
    assertEquals("pcie", machine.get("rootBuses").get(0).get("kind").asText());
    assertTrue(stream(machine.get("implicitDevices"))
        .anyMatch(d -> d.get("qemuType").asText().equals("ICH9-LPC")
            && d.get("slot").asInt() == 31 && d.get("function").asInt() == 0), r.out());
    assertEquals("qemu-xhci", machine.get("defaults").get("usbController").asText());
  }

  @Test
  void describeHonoursMachineOptions() throws IOException {
    CliRun r = run("", "describe", "q35,sata=off", "--format", "json");

    assertEquals(0, r.code(), r.err());
    List<String> types = stream(JSON.readTree(r.out()).get("implicitDevices"))
        .map(d -> d.get("qemuType").asText()).toList();
    assertTrue(types.contains("ICH9-LPC"), types.toString());
    assertFalse(types.contains("ich9-ahci"), types.toString());
  }

  @Test
  void describesQ35AsText() {
    CliRun r = run("", "describe", "q35");

    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("pc-q35-7.2 (x86_64, family q35)"), r.out());
    assertContains(r.out(), "pcie.0");
    assertContains(r.out(), "ICH9-LPC");
    assertContains(r.out(), "1f.0");
  }

  @Test
  void describeRefusesAnUnknownMachineWithExitOne() {
    CliRun r = run("", "describe", "pc-q35-99.0");

    assertEquals(1, r.code(), r.err());
    assertOneLineDiagnostic(r);
    // names what the user wrote, not a domain element, and how to list the known names
    assertTrue(r.err().startsWith("backplane: MACHINE 'pc-q35-99.0' (--arch x86_64): machine type "
        + "pc-q35-99.0 is not known for x86_64"), r.err());
    assertContains(r.err(), "`backplane machines --arch x86_64` lists them");
  }

  @Test
  void tablesNamingAFileSaysItIsNotADirectory(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("table.json"), "{}");

    CliRun r = run("", "describe", "--tables", file.toString(), "q35");

    assertEquals(1, r.code(), r.err());
    assertOneLineDiagnostic(r);
    assertContains(r.err(), file + " is not a directory");
  }

  @Test
  void describeRefusesAnUnknownMachineOptionWithExitOne() {
    CliRun r = run("", "describe", "q35,bogus=on");

    assertEquals(1, r.code(), r.err());
    assertOneLineDiagnostic(r);
    assertContains(r.err(), "bogus");
  }

  // --- machines ---------------------------------------------------------------------------

  @Test
  void listsTheX86MachineTypes() {
    CliRun r = run("", "machines", "--arch", "x86_64");

    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    assertTrue(lines.stream().anyMatch(l -> l.matches("pc-q35-7\\.2 +x86_64 +q35 *")), r.out());
    assertTrue(lines.stream().anyMatch(l -> l.matches("pc-i440fx-7\\.2 +x86_64 +pc +default")), r.out());
    assertTrue(lines.stream().anyMatch(l -> l.matches("pc-i440fx-1\\.4 +x86_64 +- +deprecated")), r.out());
    assertTrue(lines.stream().allMatch(l -> l.contains(" x86_64 ")), r.out());
  }

  @Test
  void refusesAnArchitectureWithoutMachinesWithExitOne() {
    CliRun r = run("", "machines", "--arch", "sparc64");

    assertEquals(1, r.code(), r.err());
    assertOneLineDiagnostic(r);
    assertTrue(r.err().startsWith("backplane: --arch sparc64: no machine types are known for this architecture"
        + " (fix: use one of aarch64, armv7l, "), r.err());
  }

  @Test
  void reportsAnUnwritableStandardOutputWithExitThree() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream broken = new PrintStream(new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException("broken pipe");
      }
    });

    int code = Main.run(new String[] {"machines"}, new ByteArrayInputStream(new byte[0]), broken,
        new PrintStream(err, true, StandardCharsets.UTF_8));

    assertEquals(3, code);
    assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("backplane: "));
  }

  // --- standard options -------------------------------------------------------------------

  @Test
  void printsHelpOnStandardOutput() {
    CliRun r = run("", "--help");

    assertEquals(0, r.code(), r.err());
    assertContains(r.out(), "plan");
    assertContains(r.out(), "describe");
    assertContains(r.out(), "machines");
    assertContains(r.out(), "probe, drift and --qemu: QEMU is missing or does not start");
    assertEquals("", r.err());
  }

  @Test
  void printsTheVersion() {
    CliRun r = run("", "--version");

    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("backplane "), r.out());
  }

  // --- helpers ----------------------------------------------------------------------------

  private static CliRun run(String stdin, String... args) {
    return CliRun.of(stdin, args);
  }

  private static void assertOneLineDiagnostic(CliRun r) {
    assertTrue(r.err().startsWith("backplane: "), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
    assertFalse(r.err().contains("at dev."), r.err());
  }

  private static void assertContains(String actual, String expected) {
    assertTrue(actual.contains(expected), () -> "expected <" + expected + "> in:\n" + actual);
  }

  /** The repository's examples directory, found from the module directory Maven runs tests in. */
  private static String example(String name) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("examples").resolve(name);
      if (Files.isRegularFile(candidate)) {
        return candidate.toString();
      }
    }
    throw new AssertionError("examples/" + name + " not found above " + Path.of("").toAbsolutePath());
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(temp.resolve(name), content);
  }

  private static Stream<JsonNode> stream(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false);
  }

  private static List<String> kinds(JsonNode devices) {
    return stream(devices).map(d -> d.get("kind").asText()).toList();
  }
}
