package dev.backplane.core.plan;

import dev.backplane.core.Backplane;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.Domain;
import dev.backplane.core.model.Plan;
import dev.backplane.core.port.in.PlanTopologyCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Time to plan a q35 domain of virtio NICs and disks (half each) from scratch, machine lookup
 * included. A q35 machine has room for fewer than 240 pcie-root-ports (30 root slots of 8
 * functions, bus numbers up to 255), so beyond {@value #PCIE_DEVICES} devices the NICs and disks are
 * virtio-transitional (conventional PCI, 31 per bridge), as a real domain of that size would need.
 * Not a test: run it with
 * {@code mvn -q -pl core test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=org.openjdk.jmh.Main -Dexec.args="PlannerBenchmark -f 0 -wi 2 -i 3"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PlannerBenchmark {

  /** Devices planned as PCIe endpoints (one pcie-root-port each); the rest are transitional. */
  static final int PCIE_DEVICES = 200;

  @Param({"10", "100", "500"})
  public int devices;

  private Backplane backplane;
  private PlanTopologyCommand command;

  @Setup
  public void setUp() {
    backplane = Backplane.builder().build();
    List<Device> list = new ArrayList<>();
    for (int i = 0; i < devices; i++) {
      String key = "d" + (i + 1);
      String model = i < PCIE_DEVICES ? "virtio" : "virtio-transitional";
      list.add(i % 2 == 0
          ? Device.builder(DeviceKind.INTERFACE).key(key).type("user").model(model).build()
          : Device.builder(DeviceKind.DISK).key(key).type("disk").bus("virtio")
              .model(i < PCIE_DEVICES ? null : model).target("vd" + letters(i / 2)).build());
    }
    command = new PlanTopologyCommand(new Domain("x86_64", "q35", list));
  }

  @Benchmark
  public Plan plan() {
    return backplane.plan(command);
  }

  /** libvirt's disk suffixes: a..z, aa..zz, aaa... */
  private static String letters(int index) {
    return index < 26 ? String.valueOf((char) ('a' + index))
        : letters(index / 26 - 1) + (char) ('a' + index % 26);
  }
}
