package dev.backplane.adapters.cli;

import dev.backplane.adapters.qmp.ProbeResult;
import dev.backplane.core.port.out.CapabilitySource;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.SortedSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code backplane drift}: the built-in plugins against what QEMU binaries build. */
@Command(
    name = "drift",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Compares what the built-in plugins know about a binary's architecture with what the",
        "binary builds (probed, cached): machine types added or removed, root buses or implicit",
        "PCI devices changed, device types (-device help) added or removed. Without --qemu, every",
        "binary the plugins name, for every architecture it serves. Exit 0 when there is no",
        "drift, 1 when there is."})
final class DriftCommand implements Callable<Integer> {

  @Option(names = "--qemu", paramLabel = "BIN", converter = QemuBinaryConverter.class,
      description = "The QEMU binary: a name on PATH or a path (default: every binary the "
          + "machine plugins name).")
  String qemu;

  @Option(names = "--arch", paramLabel = "ARCH",
      description = "With --qemu: the libvirt architecture to check (default: the one the "
          + "machine plugins name for the binary).")
  String arch;

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
    CapabilitySource plugins = KnowledgeSources.plugins();
    boolean drift = false;
    if (qemu != null) {
      drift = check(qemu, arch, plugins);
    } else {
      for (Map.Entry<String, SortedSet<String>> binary : QemuBinaries.named(plugins).entrySet()) {
        for (String served : binary.getValue()) {
          drift |= check(binary.getKey(), served, plugins);
        }
      }
    }
    stdout.flush();
    return drift ? ExitCodes.INVALID_INPUT : ExitCodes.OK;
  }

  private boolean check(String binary, String servedArch, CapabilitySource plugins) {
    ProbeResult probed = KnowledgeSources.probe(binary, servedArch, cache.cacheDir,
        Duration.ofSeconds(30), 0, !cache.noCache, plugins, stderr);
    DriftReport report = DriftReport.compare(plugins, probed);
    stdout.println(probed.binary() + " (QEMU " + probed.qemuVersion() + ", " + probed.arch()
        + "): " + probed.qemuMachines().size() + " machine types");
    report.findings().forEach(stdout::println);
    report.notes().forEach(stdout::println);
    stdout.println(report.hasDrift() ? report.findings().size() + " differences" : "no drift");
    return report.hasDrift();
  }
}
