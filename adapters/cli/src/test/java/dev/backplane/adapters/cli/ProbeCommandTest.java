package dev.backplane.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** probe, drift, --qemu and --tables end to end through {@link Main#run}. */
class ProbeCommandTest {
  /** One cache for the class: the first test probes qemu-system-x86_64, the others reuse it. */
  @TempDir
  static Path cache;

  @Test
  @Tag("qemu")
  void driftAgainstTheBuiltInX86TablesIsEmpty() {
    requireQemu();
    CliRun r = run("drift", "--qemu", "qemu-system-x86_64", "--cache-dir", cache.toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().endsWith("no drift\n"), r.out());
  }

  @Test
  @Tag("qemu")
  void describeWithQemuEqualsTheBuiltInDescription() {
    requireQemu();
    for (String machine : new String[] {"q35", "pc", "q35,sata=off", "microvm", "isapc"}) {
      CliRun probed = run("describe", machine, "--format", "json", "--qemu", "qemu-system-x86_64",
          "--cache-dir", cache.toString());
      CliRun builtIn = run("describe", machine, "--format", "json");
      assertEquals(0, probed.code(), probed.err());
      assertEquals(builtIn.out(), probed.out(), machine);
    }
  }

  @Test
  @Tag("qemu")
  void anEmittedTableServesDescribeAndMachinesThroughTables(@TempDir Path dir) throws IOException {
    requireQemu();
    Path table = dir.resolve("x86_64-probed.json");
    CliRun probe = run("probe", "--qemu", "qemu-system-x86_64", "--cache-dir", cache.toString(),
        "--emit-table", table.toString(), "--emit-policy", dir.resolve("x86_64-policy.json").toString());
    assertEquals(0, probe.code(), probe.err());
    assertTrue(probe.out().contains("skipped   none: "), probe.out());
    assertTrue(Files.readString(table).contains("\"format\": \"backplane-machines/2\""));

    CliRun machines = run("machines", "--arch", "x86_64", "--tables", dir.toString());
    assertEquals(0, machines.code(), machines.err());
    assertTrue(machines.out().contains("pc-q35-7.2"), machines.out());
    assertEquals(run("describe", "pc-i440fx-2.0").out(),
        run("describe", "pc-i440fx-2.0", "--tables", dir.toString()).out());
  }

  @Test
  void aMissingQemuIsAnEnvironmentError() {
    CliRun probe = run("probe", "--qemu", "/nonexistent/qemu-system-x86_64");
    assertEquals(3, probe.code(), probe.err());
    assertTrue(probe.err().startsWith("backplane: /nonexistent/qemu-system-x86_64: no executable"),
        probe.err());
    assertEquals(3, run("describe", "q35", "--qemu", "no-such-qemu-binary").code());
    assertEquals(3, run("drift", "--qemu", "no-such-qemu-binary").code());
  }

  @Test
  void aMissingTablesDirectoryIsInvalidInput(@TempDir Path dir) {
    CliRun r = run("describe", "q35", "--tables", dir.resolve("absent").toString());
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains("does not exist"), r.err());
  }

  @Test
  void aMisspelledKeyInATablesFileIsInvalidInputNamingTheFileAndTheKey(@TempDir Path dir) throws IOException {
    Path table = dir.resolve("rhel.json");
    Files.writeString(table, """
        {"format": "backplane-machines/1", "arch": "x86_64",
         "families": {"q35": {"rootBuses": [{"name": "pcie.0", "kind": "pcie", "model": "pcie-root"}],
                              "pciControlerModels": ["pcie-root", "pcie-root-port"]}},
         "machines": [{"name": "pc-q35-rhel9.2.0", "family": "q35"}]}
        """);
    CliRun r = run("describe", "pc-q35-rhel9.2.0", "--tables", dir.toString());
    assertEquals(1, r.code(), r.err());
    assertEquals("backplane: machine table " + table + ": families.q35.pciControlerModels: unknown key"
        + " (fix: did you mean 'pciControllerModels'?", r.err().substring(0, r.err().indexOf('?') + 1));
    assertEquals(1, r.err().lines().count(), r.err());
  }

  @Test
  void aTableOfAnotherFormatVersionIsInvalidInput(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("next.json"), """
        {"format": "backplane-machines/3", "arch": "x86_64", "families": {}, "machines": []}
        """);
    CliRun r = run("machines", "--tables", dir.toString());
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains("format: version 'backplane-machines/3' is not supported"), r.err());
  }

  @Test
  void aDownstreamFamilyThatExtendsQ35PlansLikeQ35ButForTheDefaultItChanges(@TempDir Path dir)
      throws IOException {
    Files.writeString(dir.resolve("rhel.json"), """
        {"format": "backplane-machines/2", "arch": "x86_64",
         "families": {"q35-rhel": {"extends": "q35", "defaults": {"nicModel": "e1000e"}}},
         "machines": [{"name": "pc-q35-rhel9.2.0", "family": "q35-rhel"}]}
        """);
    String domain = """
        <domain type='kvm'><name>g</name><memory>1048576</memory>
          <os><type arch='x86_64' machine='%s'>hvm</type></os>
          <devices>
            <disk type='file' device='disk'><source file='/g.qcow2'/><target dev='vda' bus='virtio'/></disk>
            <interface type='network'><source network='default'/>%s</interface>
            <controller type='usb'/>
            <video><model type='vga'/></video>
          </devices>
        </domain>
        """;
    // q35 with the NIC model written out is what the downstream type plans with its default
    CliRun q35 = CliRun.of(domain.formatted("q35", "<model type='e1000e'/>"), "plan", "--format",
        "json", "-");
    CliRun rhel = CliRun.of(domain.formatted("pc-q35-rhel9.2.0", ""), "plan", "--format", "json",
        "--tables", dir.toString(), "-");
    CliRun q35Default = CliRun.of(domain.formatted("q35", ""), "plan", "--format", "json", "-");
    assertEquals(0, q35.code(), q35.err());
    assertEquals(0, rhel.code(), rhel.err());
    assertTrue(q35Default.out().contains("\"rtl8139\""), "q35's own default: " + q35Default.out());
    assertTrue(rhel.out().contains("\"e1000e\""), rhel.out());
    assertEquals(q35.out().replace("pc-q35-7.2", "pc-q35-rhel9.2.0"), rhel.out());
  }

  private static void requireQemu() {
    if (Files.isExecutable(Path.of("/usr/bin/qemu-system-x86_64"))
        || System.getenv("PATH") != null && java.util.Arrays.stream(System.getenv("PATH").split(":"))
            .anyMatch(d -> Files.isExecutable(Path.of(d, "qemu-system-x86_64")))) {
      return;
    }
    if ("true".equals(System.getenv("CI"))) {
      fail("qemu-system-x86_64 is missing; with CI=true that fails the run");
    }
    Assumptions.abort("qemu-system-x86_64 is missing; skipped (CI is not true)");
  }

  private static CliRun run(String... args) {
    return CliRun.of("", args);
  }
}
