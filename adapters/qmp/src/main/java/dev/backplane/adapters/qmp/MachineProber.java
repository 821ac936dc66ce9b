package dev.backplane.adapters.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Probes one QEMU binary: lists its machine types with {@code query-machines} and its devices with
 * {@code device_add help} (what {@code -device help} lists), then starts each machine type once ({@code -S -nodefaults -machine NAME}, and once more per layout option with
 * {@code NAME,OPTION=off}) on a bounded pool and reads {@code info qtree}.
 */
final class MachineProber {
  /** The empty board every binary has: nothing to plan on it. */
  static final String NONE = "none";
  private static final Pattern DEVICE_LINE = Pattern.compile("(?m)^name \"([^\"]+)\"");

  /** One entry of {@code query-machines}. */
  record QemuMachine(String name, Optional<String> alias, boolean isDefault, boolean deprecated) {}

  /** The outcome for one machine type: a layout, or why there is none. */
  record Outcome(QemuMachine machine, MachineLayout layout, String skipReason) {}

  /** Everything a probe found before it is written as a table; {@code devices} sorted. */
  record Findings(String binary, String arch, String qemuVersion, SortedSet<String> devices,
      List<Outcome> outcomes) {}

  private MachineProber() {}

  static Findings probe(String binary, ProbeOptions options) {
    String arch;
    String version;
    SortedSet<String> devices;
    List<QemuMachine> machines = new ArrayList<>();
    try (QemuInstance qemu = Qmp.start(launch(binary, NONE, options.timeout()))) {
      version = qemu.qemuVersion();
      arch = options.arch().orElse(qemu.execute("query-target").path("arch").asText());
      devices = deviceNames(qemu.humanMonitorCommand("device_add help"));
      for (JsonNode m : qemu.execute("query-machines")) {
        String name = m.path("name").asText();
        Optional<String> alias = m.hasNonNull("alias")
            ? Optional.of(m.get("alias").asText()) : Optional.empty();
        if (!selected(name, alias, options.machines())) {
          continue;
        }
        machines.add(new QemuMachine(name, alias, m.path("is-default").asBoolean(false),
            m.path("deprecated").asBoolean(false)));
      }
    }
    for (String wanted : options.machines()) {
      if (machines.stream().noneMatch(m -> m.name().equals(wanted)
          || m.alias().filter(wanted::equals).isPresent())) {
        throw new IllegalArgumentException(
            binary + " has no machine type '" + wanted + "' (see query-machines)");
      }
    }
    machines.sort((a, b) -> Names.NEWEST_FIRST.compare(a.name(), b.name()));

    Progress progress = new Progress(options.progress().orElse(null), machines.size());
    ExecutorService pool = Executors.newFixedThreadPool(
        Math.min(options.parallelism(), Math.max(1, machines.size())), runnable -> {
          Thread thread = new Thread(runnable, "backplane-probe");
          thread.setDaemon(true);
          return thread;
        });
    try {
      List<Future<Outcome>> futures = new ArrayList<>();
      for (QemuMachine machine : machines) {
        futures.add(pool.submit(() -> {
          try {
            return probeOne(binary, machine, options);
          } finally {
            progress.step(machine.name());
          }
        }));
      }
      List<Outcome> outcomes = new ArrayList<>();
      for (Future<Outcome> future : futures) {
        outcomes.add(future.get());
      }
      return new Findings(binary, arch, version, devices, outcomes);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QmpException(binary, "the probe was interrupted", null, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
      progress.done();
    }
  }

  /**
   * The device types of {@code device_add help}: lines {@code name "virtio-gpu-pci", bus PCI, ...}
   * under category headings. Only user-creatable devices are listed, as {@code -device help} does.
   */
  static SortedSet<String> deviceNames(String help) {
    SortedSet<String> names = new TreeSet<>();
    Matcher m = DEVICE_LINE.matcher(help);
    while (m.find()) {
      names.add(m.group(1));
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException("device_add help listed no devices: " + help.strip());
    }
    return names;
  }

  private static boolean selected(String name, Optional<String> alias, List<String> wanted) {
    return wanted.isEmpty() || wanted.contains(name) || alias.filter(wanted::contains).isPresent();
  }

  private static Outcome probeOne(String binary, QemuMachine machine, ProbeOptions options) {
    Duration timeout = options.timeout();
    if (machine.name().equals(NONE)) {
      return new Outcome(machine, null, "the empty machine type: no board to plan for");
    }
    MachineLayout layout;
    List<String> layoutOptions = new ArrayList<>();
    try (QemuInstance qemu = Qmp.start(launch(binary, machine.name(), timeout))) {
      layout = MachineLayout.of(QemuDeviceTree.parse(qemu.humanMonitorCommand("info qtree")));
      // the running machine's own properties: asking for a machine type's properties from
      // another machine instantiates the type, and some (microvm) abort QEMU when they are
      Map<String, String> properties = new LinkedHashMap<>();
      for (JsonNode p : qemu.execute("qom-list", Map.of("path", "/machine"))) {
        properties.put(p.path("name").asText(), p.path("type").asText());
      }
      options.layoutOptions().stream().filter(o -> "bool".equals(properties.get(o)))
          .forEach(layoutOptions::add);
    } catch (QemuNotFoundException e) {
      throw e;
    } catch (QmpException e) {
      return new Outcome(machine, null, reason(e));
    } catch (IllegalArgumentException e) {
      return new Outcome(machine, null, "info qtree could not be read: " + e.getMessage());
    }
    for (String option : layoutOptions) {
      try {
        layout = layout.withOptionOff(option,
            layout(binary, machine.name() + "," + option + "=off", timeout));
      } catch (QmpException | IllegalArgumentException e) {
        // the option cannot be switched off here: it drops nothing we could describe
      }
    }
    return new Outcome(machine, layout, null);
  }

  private static MachineLayout layout(String binary, String machineSpec, Duration timeout) {
    try (QemuInstance qemu = Qmp.start(launch(binary, machineSpec, timeout))) {
      return MachineLayout.of(QemuDeviceTree.parse(qemu.humanMonitorCommand("info qtree")));
    }
  }

  private static QemuLaunch launch(String binary, String machineSpec, Duration timeout) {
    return QemuLaunch.builder(binary).machine(machineSpec)
        .startTimeout(timeout).commandTimeout(timeout).build();
  }

  /** QEMU's words when it said something, otherwise the failure. */
  private static String reason(QmpException e) {
    if (e instanceof QemuStartException && e.qemuMessage().isPresent()) {
      return e.qemuMessage().get().strip().replaceAll("\\s*\\R\\s*", " | ");
    }
    String message = e.getMessage();
    String prefix = e.binary() + ": ";
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }

  /** A progress bar on a terminal: {@code [#####.....] 12/57 pc-q35-7.2}. */
  private static final class Progress {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final int total;
    private final AtomicInteger done = new AtomicInteger();

    Progress(PrintStream out, int total) {
      this.out = out;
      this.total = total;
    }

    void step(String name) {
      int n = done.incrementAndGet();
      if (out == null || total == 0) {
        return;
      }
      int filled = n * WIDTH / total;
      synchronized (out) {
        out.print("\r\033[K[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + n + "/"
            + total + " " + name);
        out.flush();
      }
    }

    void done() {
      if (out != null && total > 0) {
        synchronized (out) {
          out.print("\r\033[K");
          out.flush();
        }
      }
    }
  }
}
