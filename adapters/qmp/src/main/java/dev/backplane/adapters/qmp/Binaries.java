package dev.backplane.adapters.qmp;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Finds QEMU binaries. */
final class Binaries {
  /** The Debian package that ships each binary, for the hint in the error message. */
  private static final Map<String, String> PACKAGES = Map.of(
      "qemu-system-x86_64", "qemu-system-x86",
      "qemu-system-i386", "qemu-system-x86",
      "qemu-system-aarch64", "qemu-system-arm",
      "qemu-system-arm", "qemu-system-arm",
      "qemu-system-ppc64", "qemu-system-ppc",
      "qemu-system-s390x", "qemu-system-misc");

  private Binaries() {}

  static Optional<Path> locate(String binary) {
    try {
      if (binary.contains(File.separator)) {
        Path path = Path.of(binary);
        return executable(path) ? Optional.of(path.toAbsolutePath()) : Optional.empty();
      }
      String searchPath = System.getenv("PATH");
      if (searchPath == null) {
        return Optional.empty();
      }
      for (String directory : searchPath.split(File.pathSeparator)) {
        if (directory.isEmpty()) {
          continue;
        }
        Path candidate = Path.of(directory, binary);
        if (executable(candidate)) {
          return Optional.of(candidate.toAbsolutePath());
        }
      }
      return Optional.empty();
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
  }

  /** Like {@link #locate} but throws a {@link QemuNotFoundException} with a fix. */
  static Path require(String binary) {
    return locate(binary).orElseThrow(() -> new QemuNotFoundException(binary, notFound(binary), null));
  }

  static String notFound(String binary) {
    if (binary.contains(File.separator)) {
      return "no executable file at " + binary;
    }
    String name = Path.of(binary).getFileName().toString();
    String hint = PACKAGES.containsKey(name)
        ? " (fix: install it, e.g. apt-get install " + PACKAGES.get(name) + ")"
        : " (fix: install QEMU or pass the binary's path)";
    return "not found on PATH" + hint;
  }

  private static boolean executable(Path path) {
    return Files.isRegularFile(path) && Files.isExecutable(path);
  }
}
