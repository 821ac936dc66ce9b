package dev.backplane.adapters.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The probe cache options {@code probe} and {@code drift} share (a picocli mixin). */
final class ProbeCacheOptions {

  @Option(names = "--cache-dir", paramLabel = "DIR",
      description = "Cache directory (default: $BACKPLANE_CACHE_DIR, else $XDG_CACHE_HOME/backplane, "
          + "else ~/.cache/backplane).")
  Path cacheDir;

  @Option(names = "--no-cache", description = "Probe even when the cache has an answer; keep nothing.")
  boolean noCache;
}
