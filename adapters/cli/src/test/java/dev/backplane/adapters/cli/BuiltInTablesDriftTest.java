package dev.backplane.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.backplane.adapters.qmp.ProbeOptions;
import dev.backplane.adapters.qmp.ProbeResult;
import dev.backplane.adapters.qmp.Qmp;
import dev.backplane.adapters.qmp.QmpCapabilities;
import dev.backplane.core.machine.PluginCapabilitySource;
import dev.backplane.core.port.out.CapabilitySource;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.MachineRequest;
import dev.backplane.spi.MachineType;
import dev.backplane.spi.support.MachineTable;
import dev.backplane.spi.support.TableMachinePlugin;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * The built-in tables against QEMU 7.2, for every binary and architecture the plugins name (no
 * list of binaries here): each binary is probed afresh (no cache), {@code drift} must find
 * nothing, and the facts file the probe writes ({@code probe --emit-table}) must equal, byte for
 * byte, the shipped facts file {@code <binary>-<major.minor>.json} beside the plugin's class. The
 * two sets of machine types are equal, and every machine type that starts under TCG has the
 * built-in root buses and implicit PCI devices, also with {@code sata=off} and {@code smbus=off};
 * every built-in machine type of the architecture carries exactly the binary's devices. Missing
 * binaries skip their test unless CI=true.
 */
@Tag("qemu")
class BuiltInTablesDriftTest {

  @TestFactory
  Stream<DynamicTest> everyBinaryThePluginsNameBuildsWhatTheirTablesSay() {
    CapabilitySource plugins = KnowledgeSources.plugins();
    SortedSet<String> named = new TreeSet<>();
    QemuBinaries.named(plugins).forEach((binary, arches) -> arches.forEach(a -> named.add(binary + " " + a)));
    Map<String, Class<?>> owners = new TreeMap<>(); // "binary arch" -> a plugin class of its table
    for (MachinePlugin plugin : PluginCapabilitySource.load(getClass().getClassLoader()).plugins()) {
      if (plugin instanceof TableMachinePlugin tables) {
        MachineTable table = tables.table();
        table.binary().ifPresent(b -> owners.putIfAbsent(b + " " + table.arch(), plugin.getClass()));
      }
    }
    assertEquals(named, owners.keySet(), "binaries the plugins name, and the tables that name them");
    assertTrue(named.size() >= 5, named.toString());
    return owners.entrySet().stream().map(e -> dynamicTest(e.getKey(), () -> {
      String[] binaryAndArch = e.getKey().split(" ");
      assertNoDrift(binaryAndArch[0], binaryAndArch[1], e.getValue(), plugins);
    }));
  }

  private static void assertNoDrift(String binary, String arch, Class<?> owner, CapabilitySource plugins)
      throws IOException {
    require(binary);
    ProbeResult probed = QmpCapabilities.probe(binary,
        ProbeOptions.builder().policy(plugins).arch(arch).build());
    assertEquals(arch, probed.arch(), binary);

    Set<String> qemu = new TreeSet<>(probed.qemuMachines());
    qemu.remove("none");
    Set<String> builtIn = new TreeSet<>();
    plugins.machineTypes().stream().filter(t -> t.arch().equals(arch)).map(MachineType::name)
        .forEach(builtIn::add);
    Set<String> onlyQemu = new TreeSet<>(qemu);
    onlyQemu.removeAll(builtIn);
    Set<String> onlyBuiltIn = new TreeSet<>(builtIn);
    onlyBuiltIn.removeAll(qemu);

    Set<String> deviceListsDiffering = new TreeSet<>();
    for (MachineType type : plugins.machineTypes()) {
      if (type.arch().equals(arch) && !plugins.describe(MachineRequest.of(arch, type.name()))
          .orElseThrow().qemuDevices().equals(probed.qemuDevices())) {
        deviceListsDiffering.add(type.name());
      }
    }
    String version = probed.qemuVersion().replaceAll("^(\\d+\\.\\d+).*", "$1");
    String factsFile = binary + "-" + version + ".json";
    String shipped;
    try (InputStream in = owner.getResourceAsStream(factsFile)) {
      assertNotNull(in, factsFile + " beside " + owner.getName());
      shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    DriftReport drift = DriftReport.compare(plugins, probed);
    assertAll(binary,
        () -> assertTrue(probed.qemuDevices().size() > 150, "devices: " + probed.qemuDevices()),
        () -> assertEquals(Set.of(), deviceListsDiffering,
            "built-in machine types whose device list is not the binary's -device help"),
        () -> assertEquals(Set.of(), onlyQemu, "machine types only QEMU has"),
        () -> assertEquals(Set.of(), onlyBuiltIn, "machine types only the built-in plugins have"),
        () -> assertEquals("", String.join("\n", drift.findings()), "drift"),
        () -> assertEquals(shipped, probed.tableJson(),
            "probe --emit-table writes the shipped " + factsFile + " exactly"));
  }

  private static void require(String binary) {
    if (Qmp.locate(binary).isPresent()) {
      return;
    }
    if ("true".equals(System.getenv("CI"))) {
      fail(binary + " is missing; with CI=true that fails the run");
    }
    Assumptions.abort(binary + " is missing; skipped (CI is not true)");
  }
}
