package dev.backplane.adapters.diagram;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds Graphviz's {@code dot} program. */
public final class Graphviz {
  private Graphviz() {}

  /** {@code dot} on the process's {@code PATH}, if there is one. */
  public static Optional<Path> locate() {
    return locate(System.getenv("PATH"));
  }

  /** {@code dot} in the directories of {@code path} (separated as {@code PATH} is), if any. */
  public static Optional<Path> locate(String path) {
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path dot = Path.of(dir, "dot");
        if (Files.isRegularFile(dot) && Files.isExecutable(dot)) {
          return Optional.of(dot);
        }
      }
    }
    return Optional.empty();
  }
}
