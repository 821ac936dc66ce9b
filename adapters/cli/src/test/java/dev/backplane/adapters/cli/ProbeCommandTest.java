package dev.backplane.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
    Result r = run("drift", "--qemu", "qemu-system-x86_64", "--cache-dir", cache.toString());
    assertEquals(0, r.code, r.out + r.err);
    assertTrue(r.out.endsWith("no drift\n"), r.out);
  }

  @Test
  @Tag("qemu")
  void describeWithQemuEqualsTheBuiltInDescription() {
    requireQemu();
    for (String machine : new String[] {"q35", "pc", "q35,sata=off", "microvm", "isapc"}) {
      Result probed = run("describe", machine, "--format", "json", "--qemu", "qemu-system-x86_64",
          "--cache-dir", cache.toString());
      Result builtIn = run("describe", machine, "--format", "json");
      assertEquals(0, probed.code, probed.err);
      assertEquals(builtIn.out, probed.out, machine);
    }
  }

  @Test
  @Tag("qemu")
  void anEmittedTableServesDescribeAndMachinesThroughTables(@TempDir Path dir) throws IOException {
    requireQemu();
    Path table = dir.resolve("x86_64-probed.json");
    Result probe = run("probe", "--qemu", "qemu-system-x86_64", "--cache-dir", cache.toString(),
        "--emit-table", table.toString());
    assertEquals(0, probe.code, probe.err);
    assertTrue(probe.out.contains("skipped   none: "), probe.out);
    assertTrue(Files.readString(table).contains("\"format\" : \"backplane-machines/1\""));

    Result machines = run("machines", "--arch", "x86_64", "--tables", dir.toString());
    assertEquals(0, machines.code, machines.err);
    assertTrue(machines.out.contains("pc-q35-7.2"), machines.out);
    assertEquals(run("describe", "pc-i440fx-2.0").out,
        run("describe", "pc-i440fx-2.0", "--tables", dir.toString()).out);
  }

  @Test
  void aMissingQemuIsAnEnvironmentError() {
    Result probe = run("probe", "--qemu", "/nonexistent/qemu-system-x86_64");
    assertEquals(3, probe.code, probe.err);
    assertTrue(probe.err.startsWith("backplane: /nonexistent/qemu-system-x86_64: no executable"),
        probe.err);
    assertEquals(3, run("describe", "q35", "--qemu", "no-such-qemu-binary").code);
    assertEquals(3, run("drift", "--qemu", "no-such-qemu-binary").code);
  }

  @Test
  void aMissingTablesDirectoryIsInvalidInput(@TempDir Path dir) {
    Result r = run("describe", "q35", "--tables", dir.resolve("absent").toString());
    assertEquals(1, r.code, r.err);
    assertTrue(r.err.contains("does not exist"), r.err);
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

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(args, new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
