package dev.backplane.adapters.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backplane.adapters.qmp.ProbeResult;
import dev.backplane.adapters.qmp.SkippedMachine;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code backplane probe}: learns a QEMU binary's machine types and writes them as a table. */
@Command(
    name = "probe",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Starts every machine type of a QEMU binary once (-S -nodefaults) and reads what it",
        "builds: root buses, implicit PCI devices, other buses; and lists the binary's devices",
        "(-device help). Prints a summary; the result is cached per binary and can be written as",
        "the facts file of a machine table (backplane-machines/2)."})
final class ProbeCommand implements Callable<Integer> {

  @Option(names = "--qemu", required = true, paramLabel = "BIN", converter = QemuBinaryConverter.class,
      description = "The QEMU binary: a name on PATH or a path.")
  String qemu;

  @Option(names = "--emit-table", paramLabel = "FILE",
      description = "Write the facts file of the machine table (JSON, backplane-machines/2) to FILE.")
  Path emitTable;

  @Option(names = "--emit-policy", paramLabel = "FILE",
      description = "Write the plugins' libvirt policy for the probed families (JSON) to FILE.")
  Path emitPolicy;

  @Option(names = "--arch", paramLabel = "ARCH",
      description = "The libvirt architecture to describe the machine types as (default: the one "
          + "the machine plugins name for the binary, else QEMU's target name).")
  String arch;

  @Mixin
  ProbeCacheOptions cache = new ProbeCacheOptions();

  @Option(names = "--jobs", paramLabel = "N", defaultValue = "0",
      description = "QEMU processes at once (default: the number of processors).")
  int jobs;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "Time limit of each QEMU start and command (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Spec
  CommandSpec spec;

  private final Provider<ObjectMapper> mapper;
  private final PrintStream stdout;
  private final PrintStream stderr;

  @Inject
  ProbeCommand(Provider<ObjectMapper> mapper, @CliComponent.Stdout PrintStream stdout,
      @CliComponent.Stderr PrintStream stderr) {
    this.mapper = mapper;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  @Override
  public Integer call() {
    if (jobs < 0) {
      throw new ParameterException(spec.commandLine(), "--jobs must be 0 or more, not " + jobs);
    }
    if (timeoutSeconds < 1) {
      throw new ParameterException(spec.commandLine(), "--timeout must be at least 1 (seconds), not "
          + timeoutSeconds);
    }
    ProbeResult result = KnowledgeSources.probe(qemu, arch, cache.cacheDir,
        Duration.ofSeconds(timeoutSeconds), jobs, !cache.noCache, KnowledgeSources.plugins(), stderr);
    write(emitTable, result.tableJson());
    write(emitPolicy, result.policyJson());
    summary(result);
    stdout.flush();
    return ExitCodes.OK;
  }

  private static void write(Path file, String json) {
    if (file == null) {
      return;
    }
    try {
      Files.writeString(file, json, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw CliException.environment("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private void summary(ProbeResult result) {
    Map<String, Integer> families = new LinkedHashMap<>();
    try {
      JsonNode table = mapper.get().readTree(result.tableJson());
      table.path("machines").forEach(m -> families.merge(m.path("family").asText(), 1, Integer::sum));
    } catch (IOException e) {
      throw new IllegalStateException("the probe wrote a table that is not JSON", e);
    }
    int described = families.values().stream().mapToInt(Integer::intValue).sum();
    stdout.println("binary    " + result.binary());
    stdout.println("qemu      " + result.qemuVersion());
    stdout.println("arch      " + result.arch());
    stdout.printf("machines  %d described, %d skipped (%s, %.1f s)%n", described,
        result.skipped().size(), result.cacheStatus(), result.elapsed().toMillis() / 1000.0);
    StringBuilder line = new StringBuilder("families ");
    families.forEach((family, count) -> line.append(' ').append(family).append(" (").append(count)
        .append(')'));
    stdout.println(line);
    stdout.println("devices   " + result.qemuDevices().size() + " (device_add help)");
    for (SkippedMachine skipped : result.skipped()) {
      stdout.println("skipped   " + skipped.name() + ": " + skipped.reason());
    }
    if (emitTable != null) {
      stdout.println("table     " + emitTable);
    }
    if (emitPolicy != null) {
      stdout.println("policy    " + emitPolicy);
    }
  }
}
