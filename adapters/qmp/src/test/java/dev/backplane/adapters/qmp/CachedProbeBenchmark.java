package dev.backplane.adapters.qmp;

import dev.backplane.core.machine.PluginCapabilitySource;
import dev.backplane.spi.MachineDescription;
import dev.backplane.spi.MachineRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A cached answer, in process: identify qemu-system-x86_64 (real path, size, mtime, SHA-256 of
 * its ~18 MB), read and verify the cache entry, parse the table, describe q35. The setup probes
 * the whole binary once. Run it with the exec command in this module's pom.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CachedProbeBenchmark {
  private ProbeOptions options;

  @Setup(Level.Trial)
  public void probeOnce() throws IOException {
    Path cache = Files.createTempDirectory("backplane-bench-cache");
    options = ProbeOptions.builder().cacheDir(cache)
        .policy(PluginCapabilitySource.fromClassPath()).build();
    ProbeResult first = QmpCapabilities.probe("qemu-system-x86_64", options);
    if (first.fromCache()) {
      throw new IllegalStateException("a fresh cache answered");
    }
  }

  @Benchmark
  public MachineDescription cachedProbeThenDescribe() {
    ProbeResult cached = QmpCapabilities.probe("qemu-system-x86_64", options);
    if (!cached.fromCache()) {
      throw new IllegalStateException("not from the cache: " + cached.cacheStatus());
    }
    return cached.capabilitySource().describe(MachineRequest.of("x86_64", "q35")).orElseThrow();
  }
}
