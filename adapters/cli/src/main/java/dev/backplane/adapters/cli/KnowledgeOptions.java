package dev.backplane.adapters.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where {@code describe}, {@code machines} and {@code plan} take machine knowledge from: the
 * built-in plugins, plus tables on disk ({@code --tables}) and a probed QEMU binary
 * ({@code --qemu}). One instance per run (a Dagger singleton that CliModule provides, used as a
 * picocli mixin), so the engine's capability source sees what the command line said.
 */
final class KnowledgeOptions {

  @Option(names = "--qemu", paramLabel = "BIN", converter = QemuBinaryConverter.class,
      description = "Also answer from what this QEMU binary builds (probed once, then cached).")
  String qemu;

  @Option(names = "--tables", paramLabel = "DIR",
      description = "Also answer from the machine tables (*.json, backplane-machines/2 or /1) in DIR, "
          + "whose families may extend the built-in ones; they win over --qemu and the plugins.")
  Path tables;

  @Option(names = "--cache-dir", paramLabel = "DIR",
      description = "Where probed tables are cached (default: $BACKPLANE_CACHE_DIR, else "
          + "$XDG_CACHE_HOME/backplane, else ~/.cache/backplane).")
  Path cacheDir;
}
