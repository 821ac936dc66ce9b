package dev.backplane.adapters.qmp;

import dev.backplane.core.port.out.CapabilitySource;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link QmpCapabilities#probe} works.
 *
 * @param parallelism how many QEMU processes run at once (at least 1)
 * @param timeout the time limit of each QEMU start and of each command sent to it
 * @param cacheDir where probed tables are cached; empty: no cache (always probe)
 * @param policy where the libvirt-policy fields of a machine type (defaults, preferred slots,
 *     reservations, PCI controller models, IOMMU models, controller pins) come from, usually the
 *     built-in plugins; empty: those fields stay empty
 * @param machines probe only these machine types (names or aliases); empty: every type
 * @param layoutOptions boolean machine options that may drop implicit devices when {@code off};
 *     each one a machine type has is tried once
 * @param progress where a progress bar is drawn (a terminal), or empty for none
 * @param arch the libvirt architecture the table describes (the machine plugins know it: the
 *     machines of {@code qemu-system-arm} are armv7l); empty: QEMU's target name
 */
public record ProbeOptions(
    int parallelism,
    Duration timeout,
    Optional<Path> cacheDir,
    Optional<CapabilitySource> policy,
    List<String> machines,
    List<String> layoutOptions,
    Optional<PrintStream> progress,
    Optional<String> arch) {

  /** Default {@link #timeout()}. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  /** Default {@link #layoutOptions()}: q35's {@code sata} and {@code smbus}. */
  public static final List<String> DEFAULT_LAYOUT_OPTIONS = List.of("sata", "smbus");

  public ProbeOptions {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism: must be at least 1, was " + parallelism);
    }
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout: must be positive, was " + timeout);
    }
    Objects.requireNonNull(cacheDir, "cacheDir");
    Objects.requireNonNull(policy, "policy");
    machines = List.copyOf(machines);
    layoutOptions = List.copyOf(layoutOptions);
    Objects.requireNonNull(progress, "progress");
    Objects.requireNonNull(arch, "arch");
  }

  /** Defaults: as many processes as processors, 30 s, no cache, no policy, every machine type. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link ProbeOptions}. */
  public static final class Builder {
    private int parallelism = Runtime.getRuntime().availableProcessors();
    private Duration timeout = DEFAULT_TIMEOUT;
    private Path cacheDir;
    private CapabilitySource policy;
    private List<String> machines = List.of();
    private List<String> layoutOptions = DEFAULT_LAYOUT_OPTIONS;
    private PrintStream progress;
    private String arch;

    private Builder() {}

    public Builder parallelism(int value) {
      this.parallelism = value;
      return this;
    }

    public Builder timeout(Duration value) {
      this.timeout = value;
      return this;
    }

    /** Caches probed tables in {@code dir}; {@code null} turns the cache off. */
    public Builder cacheDir(Path dir) {
      this.cacheDir = dir;
      return this;
    }

    public Builder policy(CapabilitySource value) {
      this.policy = value;
      return this;
    }

    public Builder machines(List<String> value) {
      this.machines = value;
      return this;
    }

    public Builder layoutOptions(List<String> value) {
      this.layoutOptions = value;
      return this;
    }

    public Builder progress(PrintStream value) {
      this.progress = value;
      return this;
    }

    /** The libvirt architecture to describe the binary's machine types as; {@code null}: QEMU's target name. */
    public Builder arch(String value) {
      this.arch = value;
      return this;
    }

    public ProbeOptions build() {
      return new ProbeOptions(parallelism, timeout, Optional.ofNullable(cacheDir),
          Optional.ofNullable(policy), machines, layoutOptions, Optional.ofNullable(progress),
          Optional.ofNullable(arch));
    }
  }
}
