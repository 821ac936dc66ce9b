package dev.backplane.adapters.qmp;

import dev.backplane.core.port.out.CapabilitySource;
import dev.backplane.spi.support.MachineTable;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a probe of one QEMU binary learned: a machine table (format {@value MachineTable#FORMAT})
 * of two files, the facts QEMU gave and the libvirt policy of the plugins for the same families,
 * and the machine types it had to skip.
 */
public final class ProbeResult {
  private final String binary;
  private final String arch;
  private final String qemuVersion;
  private final String tableJson;
  private final String policyJson;
  private final MachineTable table;
  private final List<String> qemuMachines;
  private final List<SkippedMachine> skipped;
  private final String cacheStatus;
  private final Duration elapsed;

  ProbeResult(String binary, String arch, String qemuVersion, String tableJson, String policyJson,
      List<String> qemuMachines, List<SkippedMachine> skipped, String cacheStatus,
      Duration elapsed) {
    this.binary = Objects.requireNonNull(binary, "binary");
    this.arch = Objects.requireNonNull(arch, "arch");
    this.qemuVersion = Objects.requireNonNull(qemuVersion, "qemuVersion");
    this.tableJson = Objects.requireNonNull(tableJson, "tableJson");
    this.policyJson = Objects.requireNonNull(policyJson, "policyJson");
    java.util.Map<String, String> files = new java.util.LinkedHashMap<>();
    files.put("probe of " + binary, tableJson);
    files.put("policy for " + binary, policyJson);
    this.table = MachineTable.parse(files, List.of());
    this.qemuMachines = List.copyOf(qemuMachines);
    this.skipped = List.copyOf(skipped);
    this.cacheStatus = Objects.requireNonNull(cacheStatus, "cacheStatus");
    this.elapsed = Objects.requireNonNull(elapsed, "elapsed");
  }

  ProbeResult withCacheStatus(String status, Duration took) {
    return new ProbeResult(binary, arch, qemuVersion, tableJson, policyJson, qemuMachines, skipped, status, took);
  }

  /** The binary's real path. */
  public String binary() {
    return binary;
  }

  /**
   * The libvirt architecture the table describes: the one asked for ({@link ProbeOptions#arch()}),
   * else QEMU's target name ({@code query-target}).
   */
  public String arch() {
    return arch;
  }

  /** QEMU's version, such as {@code 7.2.22}. */
  public String qemuVersion() {
    return qemuVersion;
  }

  /**
   * The facts file of the table, as JSON (what {@code --emit-table} writes): what the binary
   * alone decides, the same bytes for every probe of the same binary.
   */
  public String tableJson() {
    return tableJson;
  }

  /** The policy file of the table, as JSON: the plugins' libvirt policy for the probed families. */
  public String policyJson() {
    return policyJson;
  }

  /** Every machine type name {@code query-machines} listed (within the probe's selection). */
  public List<String> qemuMachines() {
    return qemuMachines;
  }

  /** The machine types that were not described, with QEMU's reason. */
  public List<SkippedMachine> skipped() {
    return skipped;
  }

  /**
   * How the answer was obtained: {@code probed} (no cache), {@code cached}, or {@code probed
   * (...)} with why the cache could not answer (missing, stale, corrupt).
   */
  public String cacheStatus() {
    return cacheStatus;
  }

  /** {@code true} when the answer came from the cache without starting QEMU. */
  public boolean fromCache() {
    return cacheStatus.equals("cached");
  }

  /** How long the answer took. */
  public Duration elapsed() {
    return elapsed;
  }

  /** The device types the binary can create with {@code -device}, sorted. */
  public java.util.Set<String> qemuDevices() {
    return table.qemuDevices();
  }

  /** The table's machine types, as a capability source; every description carries {@link #qemuDevices()}. */
  public CapabilitySource capabilitySource() {
    return new QmpCapabilitySource(table);
  }
}
