package dev.backplane.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.backplane.core.machine.PluginCapabilitySource;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.MachineRequest;
import dev.backplane.spi.MachineType;
import dev.backplane.spi.support.MachineTable;
import dev.backplane.spi.support.TableMachinePlugin;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The built-in tables as the machine modules compile them at build time (MachineTableCompiler,
 * one argument per table in each module's pom) describe every machine type as their JSON files
 * do, and every table a plugin serves is one of them, so none is read from JSON on a run.
 */
class CompiledTablesTest {
  /** Each table: a class of its package, then its files in the order the plugin loads them. */
  private static final List<List<String>> TABLES = List.of(
      List.of("dev.backplane.machines.x86.X86Tables", "qemu-system-x86_64-7.2.json", "x86_64-libvirt-9.0.json"),
      List.of("dev.backplane.machines.x86.X86Tables", "qemu-system-i386-7.2.json", "i686-libvirt-9.0.json"),
      List.of("dev.backplane.machines.arm.ArmTables", "qemu-system-aarch64-7.2.json",
          "qemu-system-aarch64-7.2-by-hand.json", "aarch64-libvirt-9.0.json"),
      List.of("dev.backplane.machines.arm.ArmTables", "qemu-system-arm-7.2.json",
          "qemu-system-arm-7.2-by-hand.json", "armv7l-libvirt-9.0.json"),
      List.of("dev.backplane.machines.ppc.PpcTables", "qemu-system-ppc64-7.2.json",
          "qemu-system-ppc64-7.2-by-hand.json", "ppc64-libvirt-9.0.json"),
      List.of("dev.backplane.machines.ppc.ppc64le.Ppc64leTables", "qemu-system-ppc64-7.2.json",
          "qemu-system-ppc64-7.2-by-hand.json", "ppc64le-libvirt-9.0.json"),
      List.of("dev.backplane.machines.s390.S390CcwMachinePlugin", "qemu-system-s390x-7.2.json",
          "s390x-libvirt-9.0.json"),
      List.of("dev.backplane.machines.riscv.RiscvTables", "qemu-system-riscv64-7.2.json",
          "qemu-system-riscv64-7.2-by-hand.json", "riscv64-libvirt-9.0.json"));

  @TestFactory
  Stream<DynamicTest> eachCompiledTableDescribesEveryMachineTypeAsItsJsonFiles() {
    return TABLES.stream().map(table -> dynamicTest(String.join(" + ", table.subList(1, table.size())), () -> {
      Class<?> owner = Class.forName(table.get(0));
      List<String> files = table.subList(1, table.size());
      assertNotNull(owner.getResource(String.join("+", files) + ".compiled"),
          "the compiled form beside " + files + " (see MachineTableCompiler)");
      MachineTable compiled = load(table);
      Map<String, String> json = new LinkedHashMap<>();
      for (String file : files) {
        json.put(file, read(owner, file));
      }
      MachineTable parsed = MachineTable.parse(json, List.of());

      assertEquals(parsed.arch(), compiled.arch());
      assertEquals(parsed.binary(), compiled.binary());
      assertEquals(parsed.source(), compiled.source());
      assertEquals(parsed.qemuDevices(), compiled.qemuDevices());
      assertEquals(parsed.families(), compiled.families());
      List<MachineType> types = parsed.machineTypes(List.of());
      assertEquals(types, compiled.machineTypes(List.of()));
      for (MachineType type : types) {
        MachineRequest request = MachineRequest.of(type.arch(), type.name());
        assertEquals(parsed.describe(request), compiled.describe(request), type.name());
      }
    }));
  }

  @Test
  void everyTableAPluginServesIsCompiled() throws Exception {
    Set<String> served = new TreeSet<>();
    for (MachinePlugin plugin : PluginCapabilitySource.load(getClass().getClassLoader()).plugins()) {
      if (plugin instanceof TableMachinePlugin tables) {
        served.add(name(tables.table()));
      }
    }
    Set<String> compiled = new TreeSet<>();
    for (List<String> table : TABLES) {
      compiled.add(name(load(table)));
    }
    assertEquals(served, compiled);
  }

  /** A table as its architecture and binary name it. */
  private static String name(MachineTable table) {
    return table.arch() + " " + table.binary().orElse("?");
  }

  private static MachineTable load(List<String> table) throws ClassNotFoundException {
    List<String> files = table.subList(1, table.size());
    return MachineTable.load(Class.forName(table.get(0)), files.get(0),
        files.subList(1, files.size()).toArray(String[]::new));
  }

  private static String read(Class<?> owner, String file) throws IOException {
    try (InputStream in = owner.getResourceAsStream(file)) {
      assertNotNull(in, file);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
