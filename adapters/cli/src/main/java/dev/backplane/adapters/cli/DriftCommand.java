package dev.backplane.adapters.cli;

import dev.backplane.adapters.qmp.ProbeResult;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code backplane drift}: the built-in plugins against what a QEMU binary builds. */
@Command(
    name = "drift",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Compares what the built-in plugins know about the binary's architecture with what the",
        "binary builds (probed, cached): machine types added or removed, root buses or implicit",
        "PCI devices changed, device types (-device help) added or removed. Exit 0 when there is",
        "no drift, 1 when there is."})
final class DriftCommand implements Callable<Integer> {

  @Option(names = "--qemu", required = true, paramLabel = "BIN",
      description = "The QEMU binary: a name on PATH or a path.")
  String qemu;

  @Mixin
  ProbeCacheOptions cache = new ProbeCacheOptions();

  private final PrintStream stdout;
  private final PrintStream stderr;

  @Inject
  DriftCommand(@CliComponent.Stdout PrintStream stdout, @CliComponent.Stderr PrintStream stderr) {
    this.stdout = stdout;
    this.stderr = stderr;
  }

  @Override
  public Integer call() {
    var plugins = KnowledgeSources.plugins();
    ProbeResult probed = KnowledgeSources.probe(qemu, cache.cacheDir, Duration.ofSeconds(30), 0,
        !cache.noCache, plugins, stderr);
    DriftReport report = DriftReport.compare(plugins, probed);
    stdout.println(probed.binary() + " (QEMU " + probed.qemuVersion() + ", " + probed.arch()
        + "): " + probed.qemuMachines().size() + " machine types");
    report.findings().forEach(stdout::println);
    report.notes().forEach(stdout::println);
    stdout.println(report.hasDrift() ? report.findings().size() + " differences" : "no drift");
    stdout.flush();
    return report.hasDrift() ? ExitCodes.INVALID_INPUT : ExitCodes.OK;
  }
}
