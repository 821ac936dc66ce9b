package dev.backplane.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.backplane.adapters.qmp.ProbeOptions;
import dev.backplane.adapters.qmp.ProbeResult;
import dev.backplane.adapters.qmp.Qmp;
import dev.backplane.adapters.qmp.QmpCapabilities;
import dev.backplane.adapters.qmp.SkippedMachine;
import dev.backplane.core.port.out.CapabilitySource;
import dev.backplane.spi.MachineRequest;
import dev.backplane.spi.MachineType;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The built-in tables against QEMU 7.2 (issue 4): each binary is probed afresh (no cache) and
 * {@code drift} must find nothing. The two sets of machine types are equal, and every machine
 * type that starts under TCG has the built-in root buses and implicit PCI devices, also with
 * {@code sata=off} and {@code smbus=off}. Every built-in machine type of the architecture carries
 * exactly the binary's devices ({@code device_add help}), so the device lists cannot rot. Missing
 * binaries skip the test unless CI=true.
 */
@Tag("qemu")
class BuiltInTablesDriftTest {

  @Test
  void x86_64TablesMatchWhatQemuBuilds() {
    assertNoDrift("qemu-system-x86_64", "x86_64", 58);
  }

  @Test
  void aarch64TablesMatchWhatQemuBuilds() {
    assertNoDrift("qemu-system-aarch64", "aarch64", 102);
  }

  @Test
  void armv7lTablesMatchWhatQemuBuilds() {
    assertNoDrift("qemu-system-arm", "armv7l", 97);
  }

  @Test
  void ppc64TablesMatchWhatQemuBuilds() {
    assertNoDrift("qemu-system-ppc64", "ppc64", 34);
  }

  @Test
  void s390xTablesMatchWhatQemuBuilds() {
    assertNoDrift("qemu-system-s390x", "s390x", 23);
  }

  /** {@code started}: how many machine types QEMU 7.2 starts under TCG, so none pass unchecked. */
  private static void assertNoDrift(String binary, String arch, int started) {
    require(binary);
    CapabilitySource plugins = KnowledgeSources.plugins();
    ProbeResult probed = QmpCapabilities.probe(binary,
        ProbeOptions.builder().policy(plugins).build());
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

    Set<String> skipped = new TreeSet<>();
    probed.skipped().stream().map(SkippedMachine::name).forEach(skipped::add);
    Set<String> checked = new TreeSet<>(probed.qemuMachines());
    checked.removeAll(skipped);
    assertTrue(checked.size() >= started, binary + ": only " + checked.size()
        + " machine types started under TCG, expected " + started + "; skipped: " + probed.skipped());

    Set<String> deviceListsDiffering = new TreeSet<>();
    for (MachineType type : plugins.machineTypes()) {
      if (type.arch().equals(arch) && !plugins.describe(MachineRequest.of(arch, type.name()))
          .orElseThrow().qemuDevices().equals(probed.qemuDevices())) {
        deviceListsDiffering.add(type.name());
      }
    }

    DriftReport drift = DriftReport.compare(plugins, probed);
    assertAll(binary,
        () -> assertTrue(probed.qemuDevices().size() > 150, "devices: " + probed.qemuDevices()),
        () -> assertEquals(Set.of(), deviceListsDiffering,
            "built-in machine types whose device list is not the binary's -device help"),
        () -> assertEquals(Set.of(), onlyQemu, "machine types only QEMU has"),
        () -> assertEquals(Set.of(), onlyBuiltIn, "machine types only the built-in plugins have"),
        () -> assertEquals("", String.join("\n", drift.findings()), "drift"));
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
