package dev.backplane.adapters.cli;

import dev.backplane.core.port.out.CapabilitySource;
import dev.backplane.spi.MachineDescription;
import dev.backplane.spi.MachineRequest;
import dev.backplane.spi.MachineType;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The QEMU binaries the machine plugins name ({@link MachineDescription#qemuBinary()}) and the
 * libvirt architectures each serves, such as {@code qemu-system-arm} → armv7l: what {@code probe}
 * and {@code drift} start, with no list of their own.
 */
final class QemuBinaries {
  private static final String TARGET_PREFIX = "qemu-system-";

  private QemuBinaries() {}

  /** Binary file name → the architectures whose machine types it builds, sorted. */
  static SortedMap<String, SortedSet<String>> named(CapabilitySource plugins) {
    SortedMap<String, SortedSet<String>> binaries = new TreeMap<>();
    for (MachineType type : plugins.machineTypes()) {
      plugins.describe(MachineRequest.of(type.arch(), type.name()))
          .flatMap(MachineDescription::qemuBinary)
          .ifPresent(binary -> binaries.computeIfAbsent(binary, b -> new TreeSet<>()).add(type.arch()));
    }
    return binaries;
  }

  /**
   * The architecture to describe {@code binary}'s machine types as: {@code asked} when given,
   * else the one the plugins name for a binary of that file name, else empty (QEMU's target name).
   * A binary that serves several architectures is described as its QEMU target
   * ({@code qemu-system-ppc64}: ppc64, not ppc64le) unless {@code asked}; when no architecture is
   * its target, {@code asked} is needed.
   */
  static Optional<String> archOf(String binary, String asked, CapabilitySource plugins) {
    if (asked != null) {
      return Optional.of(asked);
    }
    Path name = Path.of(binary).getFileName();
    SortedSet<String> arches = name == null ? null : named(plugins).get(name.toString());
    if (arches == null) {
      return Optional.empty();
    }
    String target = name.toString().startsWith(TARGET_PREFIX)
        ? name.toString().substring(TARGET_PREFIX.length()) : null;
    if (arches.size() > 1 && !arches.contains(target)) {
      throw CliException.invalidInput(binary + ": the machine plugins describe it for " + arches
          + " (fix: choose one with --arch)");
    }
    return Optional.of(arches.size() > 1 ? target : arches.first());
  }
}
