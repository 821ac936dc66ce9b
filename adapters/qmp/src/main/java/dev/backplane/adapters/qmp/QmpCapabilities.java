package dev.backplane.adapters.qmp;

import dev.backplane.core.port.out.CapabilitySource;
import dev.backplane.spi.MachineRequest;
import dev.backplane.spi.MachineType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Learns machine types from a real QEMU binary: {@code query-machines}, then every machine type
 * started once with {@code -S -nodefaults} and described from {@code info qtree} (root buses and
 * their kind from the QOM bus type, implicit PCI devices with slot and function, the other
 * buses). The result is a machine table (format {@code backplane-machines/2}: a facts file and the
 * policy of {@link ProbeOptions#policy()}), cached per binary.
 *
 * <pre>{@code
 * ProbeResult probed = QmpCapabilities.probe("qemu-system-x86_64", ProbeOptions.builder()
 *     .cacheDir(QmpCapabilities.defaultCacheDir().orElse(null))
 *     .policy(PluginCapabilitySource.fromClassPath())
 *     .build());
 * CapabilitySource source = CapabilitySources.firstOf(List.of(probed.capabilitySource(), plugins));
 * }</pre>
 */
public final class QmpCapabilities {
  private QmpCapabilities() {}

  /**
   * Probes {@code binary} (a name on {@code PATH} or a path), or answers from the cache when
   * {@link ProbeOptions#cacheDir()} holds a valid entry for this binary.
   *
   * @throws QemuNotFoundException when the binary does not exist or cannot be run
   * @throws QmpException when QEMU cannot even list its machine types, or the cache directory
   *     cannot be used
   * @throws IllegalArgumentException when {@link ProbeOptions#machines()} names a machine type
   *     the binary does not have
   */
  public static ProbeResult probe(String binary, ProbeOptions options) {
    Path path = Binaries.require(binary);
    if (options.cacheDir().isEmpty()) {
      return probeNow(path, options);
    }
    ProbeCache.Key key = new ProbeCache.Key(options.arch().orElse(""), options.machines().stream().sorted().toList(),
        options.layoutOptions(), policyFingerprint(options.policy()));
    return new ProbeCache(options.cacheDir().get()).getOrProbe(path, key,
        () -> probeNow(path, options));
  }

  /**
   * The cache directory: {@code $BACKPLANE_CACHE_DIR}, else {@code $XDG_CACHE_HOME/backplane},
   * else {@code ~/.cache/backplane}.
   */
  public static Optional<Path> defaultCacheDir() {
    return ProbeCache.defaultDir();
  }

  private static ProbeResult probeNow(Path binary, ProbeOptions options) {
    long start = System.nanoTime();
    String real;
    try {
      real = binary.toRealPath().toString();
    } catch (java.io.IOException e) {
      throw new QemuNotFoundException(binary.toString(), "cannot be resolved: " + e, e);
    }
    MachineProber.Findings findings = MachineProber.probe(real, options);
    ProbeTable.Written written = ProbeTable.write(findings, options.policy());
    List<String> names = findings.outcomes().stream().map(o -> o.machine().name()).toList();
    return new ProbeResult(real, findings.arch(), findings.qemuVersion(), written.factsJson(),
        written.policyJson(), names,
        written.skipped(), "probed", Duration.ofNanos(System.nanoTime() - start));
  }

  /** Changes when the policy's machine knowledge changes, so cached merges go stale with it. */
  private static String policyFingerprint(Optional<CapabilitySource> policy) {
    if (policy.isEmpty()) {
      return "none";
    }
    StringBuilder text = new StringBuilder();
    policy.get().machineTypes().stream()
        .sorted(Comparator.comparing(MachineType::arch).thenComparing(MachineType::name))
        .forEach(type -> {
          text.append(type).append('\n');
          try {
            policy.get().describe(MachineRequest.of(type.arch(), type.name()))
                .ifPresent(d -> text.append(d).append('\n'));
          } catch (RuntimeException e) {
            text.append("! ").append(e.getMessage()).append('\n');
          }
        });
    return ProbeCache.sha256(text.toString());
  }
}
