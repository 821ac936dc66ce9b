package dev.backplane.core.plan;

import dev.backplane.core.Backplane;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.Domain;
import dev.backplane.core.model.PlacementPolicy;
import dev.backplane.core.model.Plan;
import dev.backplane.core.port.in.PlanOptions;
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
 * Time to plan a domain of virtio NICs and disks (half each) from scratch, machine lookup
 * included, on q35 and on pc. A q35 machine has room for fewer than 240 pcie-root-ports (30 root
 * slots of 8 functions, bus numbers up to 255), so there, beyond {@value #PCIE_DEVICES} devices, the
 * NICs and disks are virtio-transitional (conventional PCI, 31 per bridge), as a real domain of that
 * size would need. On pc every device is conventional PCI: pci.0, then the pci-bridges libvirt adds.
 * libvirt 9.0 adds a bridge only while a slot is left for it, and refuses both domains at 1,000
 * devices; above {@value #ADDED_BRIDGES_UP_TO} devices the domain therefore declares its bridges
 * (no addresses; on q35 behind a declared pcie-root-port and pcie-to-pci-bridge), which libvirt
 * then accepts.
 * Not a test: run it as the README's "Speed" section shows (JMH's main on the test class path).
 * Its own {@link #main} measures the CPU time of this thread instead of wall time, which a busy
 * machine inflates far less.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PlannerBenchmark {

  /** Devices planned as PCIe endpoints (one pcie-root-port each); the rest are transitional. */
  static final int PCIE_DEVICES = 200;
  /** Up to this many devices the planner adds the pci-bridges; above, the domain declares them. */
  static final int ADDED_BRIDGES_UP_TO = 500;
  /** Devices a pci-bridge takes (slots 1 to 31). */
  private static final int BRIDGE_SLOTS = 31;

  @Param({"10", "100", "500", "1000"})
  public int devices;

  @Param({"q35", "pc"})
  public String machine;

  /**
   * The placement policy ({@code -p policy=dense-1}). Under dense-1 every device is modern virtio
   * and the domain declares no bridges: dense places 1,000 of them on q35 itself.
   */
  @Param({"libvirt-9.0"})
  public String policy = "libvirt-9.0";

  private Backplane backplane;
  private PlanTopologyCommand command;

  @Setup
  public void setUp() {
    backplane = Backplane.builder().build();
    PlacementPolicy placement = PlacementPolicy.named(policy);
    boolean dense = placement == PlacementPolicy.DENSE_1;
    List<Device> list = new ArrayList<>();
    if (devices > ADDED_BRIDGES_UP_TO && !dense) {
      declareBridges(list);
    }
    for (int i = 0; i < devices; i++) {
      String key = "d" + (i + 1);
      boolean transitional = machine.equals("q35") && i >= PCIE_DEVICES && !dense;
      String model = transitional ? "virtio-transitional" : "virtio";
      list.add(i % 2 == 0
          ? Device.builder(DeviceKind.INTERFACE).key(key).type("user").model(model).build()
          : Device.builder(DeviceKind.DISK).key(key).type("disk").bus("virtio")
              .model(transitional ? model : null).target("vd" + letters(i / 2)).build());
    }
    command = new PlanTopologyCommand(new Domain("x86_64", machine, list), false,
        PlanOptions.DEFAULT.withPolicy(placement));
  }

  @Benchmark
  public Plan plan() {
    return backplane.plan(command);
  }

  private void declareBridges(List<Device> list) {
    boolean q35 = machine.equals("q35");
    int conventional = q35 ? devices - PCIE_DEVICES : devices;
    int index = 1;
    if (q35) {
      list.add(pci(index++, "pcie-root-port"));
      list.add(pci(index++, "pcie-to-pci-bridge"));
    }
    for (int i = 0; i < (conventional + BRIDGE_SLOTS - 1) / BRIDGE_SLOTS; i++) {
      list.add(pci(index++, "pci-bridge"));
    }
  }

  private static Device pci(int index, String model) {
    return Device.builder(DeviceKind.CONTROLLER).key("c" + index).type("pci").index(index)
        .model(model).build();
  }

  /**
   * CPU time and allocation per plan, from this thread's counters: {@code MACHINES SIZES
   * [CPU_SECONDS_PER_ROUND [ROUNDS [POLICY]]]}, e.g. {@code q35,pc 10,100,500,1000 1 7 dense-1}. Each case warms up
   * for three rounds' worth of CPU time, then prints the median and the lowest round.
   */
  public static void main(String[] args) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    long round = (long) (1e9 * (args.length > 2 ? Double.parseDouble(args[2]) : 1));
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 7;
    for (String machine : args[0].split(",")) {
      for (String size : args[1].split(",")) {
        PlannerBenchmark b = new PlannerBenchmark();
        b.machine = machine;
        b.devices = Integer.parseInt(size);
        b.policy = args.length > 4 ? args[4] : b.policy;
        b.setUp();
        int sink = 0;
        long start = threads.getCurrentThreadCpuTime();
        while (threads.getCurrentThreadCpuTime() - start < 3 * round) {
          sink += b.plan().devices().size();
        }
        double[] micros = new double[rounds];
        long bytes = 0;
        long plans = 0;
        for (int r = 0; r < rounds; r++) {
          long cpu = threads.getCurrentThreadCpuTime();
          long allocated = threads.getThreadAllocatedBytes(thread);
          long n = 0;
          while (threads.getCurrentThreadCpuTime() - cpu < round) {
            sink += b.plan().devices().size();
            n++;
          }
          micros[r] = (threads.getCurrentThreadCpuTime() - cpu) / 1e3 / n;
          bytes += threads.getThreadAllocatedBytes(thread) - allocated;
          plans += n;
        }
        java.util.Arrays.sort(micros);
        System.out.printf("%s %s %5d devices: CPU %9.1f us per plan (median of %d rounds; lowest %9.1f),"
            + " %,10d bytes allocated per plan%s%n", machine, b.policy, b.devices, micros[rounds / 2], rounds,
            micros[0], bytes / plans, sink == 42 ? " " : "");
      }
    }
  }

  /** libvirt's disk suffixes: a..z, aa..zz, aaa... */
  private static String letters(int index) {
    return index < 26 ? String.valueOf((char) ('a' + index))
        : letters(index / 26 - 1) + (char) ('a' + index % 26);
  }
}
