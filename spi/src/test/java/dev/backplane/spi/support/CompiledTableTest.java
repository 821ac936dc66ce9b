package dev.backplane.spi.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backplane.spi.MachineRequest;
import dev.backplane.spi.MachineType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compiled form of a table reads back as the same table, and is left aside when it does not fit. */
class CompiledTableTest {
  private static final String FACTS = resource("compiled-facts.json");
  private static final String POLICY = resource("compiled-policy.json");
  private static final List<String> FILES = List.of("facts.json", "policy.json");

  @TempDir
  Path temp;

  private static String resource(String name) {
    try (var in = CompiledTableTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static MachineTable parsed() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("facts.json", FACTS);
    files.put("policy.json", POLICY);
    return MachineTable.parse(files, List.of());
  }

  @Test
  void readsBackTheSameTable() {
    MachineTable parsed = parsed();
    MachineTable read = CompiledTable.read(CompiledTable.write(parsed, FILES), FILES).orElseThrow();

    assertEquals(parsed.arch(), read.arch());
    assertEquals(parsed.binary(), read.binary());
    assertEquals(parsed.source(), read.source());
    assertEquals(parsed.qemuDevices(), read.qemuDevices());
    assertEquals(parsed.families(), read.families());
    List<MachineType> types = parsed.machineTypes(List.of());
    assertEquals(2, types.size());
    assertEquals(types, read.machineTypes(List.of()));
    for (MachineType type : types) {
      MachineRequest request = MachineRequest.of("x86_64", type.name());
      assertEquals(parsed.describe(request), read.describe(request));
    }
  }

  @Test
  void leavesAsideAFormOfOtherFilesAnotherFormatOrCutShort() {
    byte[] bytes = CompiledTable.write(parsed(), FILES);

    assertTrue(CompiledTable.read(bytes, List.of("facts.json")).isEmpty());
    assertTrue(CompiledTable.read(bytes, List.of("policy.json", "facts.json")).isEmpty());
    byte[] otherFormat = bytes.clone();
    int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf(CompiledTable.FORMAT);
    otherFormat[at + CompiledTable.FORMAT.length() - 1] = '9';
    assertTrue(CompiledTable.read(otherFormat, FILES).isEmpty());
    byte[] hugeCount = bytes.clone(); // the first four bytes count the strings
    hugeCount[0] = 0x7f;
    hugeCount[1] = hugeCount[2] = hugeCount[3] = (byte) 0xff;
    assertTrue(CompiledTable.read(hugeCount, FILES).isEmpty(), "a count past the bytes left");
    for (int length : new int[] {0, 3, bytes.length / 2, bytes.length - 1}) {
      assertTrue(CompiledTable.read(Arrays.copyOf(bytes, length), FILES).isEmpty(), "cut at " + length);
    }
  }

  @Test
  void loadReadsTheCompiledFormBesideTheFilesAndTheJsonWithoutIt() throws Exception {
    MachineTable json = MachineTable.load(CompiledTableTest.class, "compiled-facts.json", "compiled-policy.json");
    assertEquals("QEMU 7.2 probe", json.source());
    assertEquals(parsed().machineTypes(List.of()), json.machineTypes(List.of()));

    // a compiled form that says another source: read instead of the JSON while it is there
    Path dir = Path.of(CompiledTableTest.class.getResource("compiled-facts.json").toURI()).getParent();
    Path compiled = dir.resolve("compiled-facts.json+compiled-policy.json.compiled");
    Files.createDirectories(temp.resolve("p"));
    Files.writeString(temp.resolve("p/compiled-facts.json"), FACTS.replace("QEMU 7.2 probe", "compiled"));
    Files.writeString(temp.resolve("p/compiled-policy.json"), POLICY);
    MachineTableCompiler.main(new String[] {temp.toString(), "p/compiled-facts.json,compiled-policy.json"});
    Files.copy(temp.resolve("p/compiled-facts.json+compiled-policy.json.compiled"), compiled);
    try {
      assertEquals("compiled", MachineTable.load(CompiledTableTest.class,
          "compiled-facts.json", "compiled-policy.json").source());
      assertEquals("QEMU 7.2 probe", MachineTable.load(CompiledTableTest.class,
          "compiled-facts.json").source(), "other files: the JSON");
    } finally {
      Files.delete(compiled);
    }
  }

  @Test
  void theCompilerWritesTheFormBesideTheFilesAndRefusesABrokenTable() throws Exception {
    Path dir = Files.createDirectories(temp.resolve("com/example/tables"));
    Files.writeString(dir.resolve("facts.json"), FACTS);
    Files.writeString(dir.resolve("policy.json"), POLICY);

    MachineTableCompiler.main(new String[] {temp.toString(), "com/example/tables/facts.json,policy.json"});

    byte[] bytes = Files.readAllBytes(dir.resolve("facts.json+policy.json.compiled"));
    assertEquals(parsed().machineTypes(List.of()),
        CompiledTable.read(bytes, FILES).orElseThrow().machineTypes(List.of()));

    Files.writeString(dir.resolve("policy.json"), POLICY.replace("\"defaults\"", "\"defualts\""));
    MachineTableException broken = assertThrows(MachineTableException.class, () ->
        MachineTableCompiler.main(new String[] {temp.toString(), "com/example/tables/facts.json,policy.json"}));
    assertTrue(broken.getMessage().contains("defualts"), broken.getMessage());
  }
}
