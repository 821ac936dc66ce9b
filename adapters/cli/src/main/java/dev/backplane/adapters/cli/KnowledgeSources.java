package dev.backplane.adapters.cli;

import dev.backplane.adapters.qmp.ProbeOptions;
import dev.backplane.adapters.qmp.ProbeResult;
import dev.backplane.adapters.qmp.QemuNotFoundException;
import dev.backplane.adapters.qmp.QmpCapabilities;
import dev.backplane.adapters.qmp.QmpException;
import dev.backplane.adapters.statictables.StaticTables;
import dev.backplane.core.machine.CapabilitySources;
import dev.backplane.core.machine.PluginCapabilitySource;
import dev.backplane.core.port.out.CapabilitySource;
import dev.backplane.spi.support.MachineTable;
import dev.backplane.spi.support.TableMachinePlugin;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;

/** Assembles the capability source of a run: tables first, then a probed QEMU, then the plugins. */
final class KnowledgeSources {
  private KnowledgeSources() {}

  static CapabilitySource resolve(KnowledgeOptions options, PrintStream stderr) {
    CapabilitySource plugins = plugins();
    List<CapabilitySource> sources = new ArrayList<>();
    if (options.tables != null) {
      sources.add(tables(options.tables));
    }
    if (options.qemu != null) {
      sources.add(probe(options.qemu, null, options.cacheDir, ProbeOptions.DEFAULT_TIMEOUT, 0, true,
          plugins, stderr).capabilitySource());
    }
    if (sources.isEmpty()) {
      return plugins;
    }
    sources.add(plugins);
    return CapabilitySources.firstOf(sources);
  }

  /**
   * The machine plugins on the class path and on the plugin path ({@link PluginPath}); none, or
   * plugins that clash, is an environment error (exit 3, from core's PluginLoadException).
   */
  static CapabilitySource plugins() {
    try {
      return PluginCapabilitySource.load(PluginPath.classLoader(System.getenv()));
    } catch (ServiceConfigurationError e) {
      throw CliException.environment(e.getMessage(), e);
    }
  }

  /** The tables in {@code dir}, whose families may extend those of the plugins' tables. */
  private static List<MachineTable> pluginTables() {
    try {
      return PluginCapabilitySource.load(PluginPath.classLoader(System.getenv())).plugins().stream()
          .filter(TableMachinePlugin.class::isInstance)
          .map(p -> ((TableMachinePlugin) p).table()).distinct().toList();
    } catch (ServiceConfigurationError e) {
      throw CliException.environment(e.getMessage(), e);
    }
  }

  static CapabilitySource tables(Path dir) {
    try {
      return StaticTables.fromDirectory(dir, pluginTables());
    } catch (IOException e) {
      throw CliException.invalidInput("--tables " + dir + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw CliException.invalidInput(e.getMessage(), e);
    }
  }

  /**
   * Probes a binary (or answers from the cache) with the plugins as policy; a progress bar goes to
   * stderr only when it is a terminal.
   *
   * @param arch the libvirt architecture to describe it as; {@code null}: the one the plugins name
   *     for the binary ({@link QemuBinaries#archOf})
   * @param jobs parallel QEMU processes; 0 for the number of processors
   */
  static ProbeResult probe(String binary, String arch, Path cacheDir, Duration timeout, int jobs,
      boolean useCache, CapabilitySource plugins, PrintStream stderr) {
    ProbeOptions.Builder options = ProbeOptions.builder().policy(plugins).timeout(timeout)
        .arch(QemuBinaries.archOf(binary, arch, plugins).orElse(null));
    if (jobs > 0) {
      options.parallelism(jobs);
    }
    if (useCache) {
      options.cacheDir(cacheDir != null ? cacheDir : QmpCapabilities.defaultCacheDir().orElse(null));
    }
    if (Terminal.stderrIsTerminal()) {
      options.progress(stderr);
    }
    try {
      return QmpCapabilities.probe(binary, options.build());
    } catch (QemuNotFoundException e) {
      throw CliException.environment(e.getMessage(), e);
    } catch (QmpException e) {
      throw CliException.environment("cannot probe " + binary + ": " + e.getMessage(), e);
    }
  }
}
