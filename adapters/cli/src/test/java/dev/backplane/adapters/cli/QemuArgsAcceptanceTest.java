package dev.backplane.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.backplane.adapters.qmp.QemuInstance;
import dev.backplane.adapters.qmp.QemuLaunch;
import dev.backplane.adapters.qmp.Qmp;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * QEMU is the ground truth for {@code plan --format qemu-args}: every corpus domain that libvirt
 * accepted (x86_64, aarch64, ppc64, s390x, i686, ppc64le, riscv64) is planned through {@link Main#run} with
 * {@code --stub-backends --binary}, and the printed lines, run as they are (the binary first, then
 * {@code -nodefaults -machine ...}) with only {@code -S -display none -accel tcg -qmp stdio}
 * appended, must start and quit with exit 0. Two QEMUs run at a time, each with a time limit, and every process is
 * killed at the end. Without QEMU on the PATH the test is skipped, unless {@code CI=true}.
 */
@Tag("qemu")
class QemuArgsAcceptanceTest {
  private static final long TIMEOUT_SECONDS = 30;
  private static final int PARALLEL = 2;

  @TestFactory
  Stream<DynamicTest> everyAcceptedX86CorpusDomainStartsUnderQemu() throws IOException {
    return startUnderQemu("x86_64", 140);
  }

  @TestFactory
  Stream<DynamicTest> everyAcceptedAarch64CorpusDomainStartsUnderQemu() throws IOException {
    return startUnderQemu("aarch64", 18);
  }

  @TestFactory
  Stream<DynamicTest> everyAcceptedPpc64CorpusDomainStartsUnderQemu() throws IOException {
    return startUnderQemu("ppc64", 18);
  }

  @TestFactory
  Stream<DynamicTest> everyAcceptedS390xCorpusDomainStartsUnderQemu() throws IOException {
    return startUnderQemu("s390x", 18);
  }

  @TestFactory
  Stream<DynamicTest> everyAcceptedI686CorpusDomainStartsUnderQemu() throws IOException {
    return startUnderQemu("i686", 20);
  }

  @TestFactory
  Stream<DynamicTest> everyAcceptedPpc64leCorpusDomainStartsUnderQemu() throws IOException {
    return startUnderQemu("ppc64le", 16);
  }

  @TestFactory
  Stream<DynamicTest> everyAcceptedRiscv64CorpusDomainStartsUnderQemu() throws IOException {
    return startUnderQemu("riscv64", 20);
  }

  @Test
  void thePrintedLinesStartQemuAsTheyAreWithTheMachineAndEveryDevice() throws Exception {
    AcceptanceCorpus.requireQemu("x86_64");
    Path domain = Path.of("..", "..", "examples", "q35-desktop.xml");
    CliRun r = CliRun.of("", "plan", "--format", "qemu-args", "--stub-backends", "--binary",
        domain.toString());
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();

    List<String> ids = new ArrayList<>();
    for (int i = 0; i + 1 < lines.size(); i++) {
      if (lines.get(i).equals("-device")) {
        Matcher id = Pattern.compile("(?:^|,)id=([^,]+)").matcher(lines.get(i + 1));
        assertTrue(id.find(), lines.get(i + 1));
        ids.add(id.group(1));
      }
    }
    // Qmp.start adds only -S, -display none, -accel tcg and its monitor to the printed lines
    try (QemuInstance qemu = Qmp.start(QemuLaunch.builder(lines.get(0))
        .arguments(lines.subList(1, lines.size())).build())) {
      assertEquals("pc-q35-7.2-machine",
          qemu.execute("qom-get", Map.of("path", "/machine", "property", "type")).asText());
      String qtree = qemu.humanMonitorCommand("info qtree");
      for (String id : ids) {
        assertTrue(qtree.contains("id \"" + id + "\""), id + " is not in QEMU's device tree");
      }
    }
    assertTrue(ids.size() >= 10, ids.toString());
  }

  private Stream<DynamicTest> startUnderQemu(String arch, int atLeast) throws IOException {
    Path qemu = AcceptanceCorpus.requireQemu(arch);
    List<Path> inputs = AcceptanceCorpus.accepted(arch);
    assertTrue(inputs.size() >= atLeast, "only " + inputs.size() + " accepted " + arch + " cases");

    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
    Map<Path, Future<String>> failures = new LinkedHashMap<>();
    for (Path input : inputs) {
      failures.put(input, pool.submit(() -> check(qemu, input)));
    }
    pool.shutdown();
    return inputs.stream().map(input -> DynamicTest.dynamicTest(AcceptanceCorpus.name(input), () -> {
      String failure = failures.get(input).get(TIMEOUT_SECONDS * inputs.size(), TimeUnit.SECONDS);
      if (failure != null) {
        fail(failure);
      }
    }));
  }

  /** Null when the case behaves, otherwise what went wrong. */
  private static String check(Path qemu, Path input) throws Exception {
    String name = AcceptanceCorpus.name(input);
    String xml = Files.readString(input);
    CliRun plan = plan(input);
    AcceptanceCorpus.Refusal refusal = AcceptanceCorpus.refusal(name, xml);
    if (refusal != null) {
      return refusal.check(plan.code(), plan.err());
    }
    if (plan.code() != ExitCodes.OK) {
      return "plan --format qemu-args --stub-backends exited " + plan.code() + ": " + plan.err();
    }
    List<String> command = new ArrayList<>(plan.out().lines().toList());
    if (!command.get(0).equals(qemu.getFileName().toString()) || !command.get(1).equals("-nodefaults")
        || !command.get(2).equals("-machine")) {
      return "the qemu-args of " + name + " do not start with " + qemu.getFileName()
          + " -nodefaults -machine: " + command.subList(0, Math.min(3, command.size()));
    }
    // the printed binary is found on the PATH, as a shell would
    command.addAll(List.of("-S", "-display", "none", "-accel", "tcg", "-qmp", "stdio"));
    return startAndQuit(command);
  }

  private static String startAndQuit(List<String> command) throws Exception {
    File stderr = File.createTempFile("qemu-args-", ".stderr");
    Process process = null;
    try {
      process = new ProcessBuilder(command)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(stderr)
          .start();
      try (OutputStream in = process.getOutputStream()) {
        in.write("{\"execute\":\"qmp_capabilities\"}\n{\"execute\":\"quit\"}\n"
            .getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // QEMU exited before reading its commands; its exit code and stderr tell why.
      }
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        return "QEMU did not quit within " + TIMEOUT_SECONDS + " s: " + String.join(" ", command);
      }
      if (process.exitValue() != 0) {
        return "QEMU exited " + process.exitValue() + ": " + Files.readString(stderr.toPath()).strip()
            + "\n  " + String.join(" ", command);
      }
      return null;
    } finally {
      if (process != null) {
        process.destroyForcibly();
      }
      Files.deleteIfExists(stderr.toPath());
    }
  }

  private static CliRun plan(Path input) {
    return CliRun.of("", "plan", "--format", "qemu-args", "--stub-backends", "--binary",
        input.toString());
  }

}
