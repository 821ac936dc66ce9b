package dev.backplane.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The firmware budgets on real firmware: QEMU 7.2 starts (no -S, -nodefaults, TCG) with SeaBIOS or
 * OVMF, the firmware enumerates PCI, and {@code query-pci} shows which planned devices got a bus
 * and BARs that are mapped and reachable. A plan at a budget's edge is enumerated whole; the plan
 * one over is refused by {@code plan}, and booted anyway it shows the failure the refusal names.
 * Tagged {@code firmware} (excluded by default): {@code mvn -pl adapters/cli verify
 * -Dbackplane.excludedGroups=fuzz -Dgroups=firmware}. Needs the Debian packages seabios and ovmf.
 */
@Tag("firmware")
class FirmwareBootTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OVMF_CODE = "/usr/share/OVMF/OVMF_CODE.fd";
  private static final String OVMF_VARS = "/usr/share/OVMF/OVMF_VARS.fd";
  private static final int ROM_BAR = 6;

  @TempDir
  Path tmp;

  /** A q35 domain with {@code n} e1000e NICs: one root port each, and each needs I/O. */
  private static String e1000eDomain(int n) {
    StringBuilder xml = new StringBuilder("<domain type='kvm'><name>fw</name><memory>262144</memory>"
        + "<os><type arch='x86_64' machine='q35'>hvm</type></os><devices>");
    for (int i = 0; i < n; i++) {
      xml.append("<interface type='user'><model type='e1000e'/></interface>");
    }
    return xml.append("</devices></domain>").toString();
  }

  @Test
  void seabiosEnumeratesFourteenIoPortsAndPanicsAtFifteenAsThePlanSays() throws Exception {
    requireFirmware("/usr/share/seabios/bios.bin");
    Map<String, Boolean> edge = boot(e1000eDomain(14), "seabios", List.of(), 4, 60);
    assertEquals(14, count(edge, "net", true), edge.toString());

    CliRun refused = CliRun.of(e1000eDomain(15), "plan", "--firmware", "seabios", "-");
    assertEquals(1, refused.code(), refused.err());
    assertTrue(refused.err().contains("needs 15 I/O windows") && refused.err().contains("budget is 14"),
        refused.err());
    Map<String, Boolean> over = boot(e1000eDomain(15), "seabios", List.of(), 4, 60);
    assertEquals(0, count(over, "net", true), "SeaBIOS out of I/O space programs no BAR: " + over);
  }

  @Test
  void ovmfEnumeratesNineIoPortsAndDropsDevicesAtTen() throws Exception {
    requireFirmware(OVMF_CODE);
    Path vars = tmp.resolve("vars.fd");
    Files.copy(Path.of(OVMF_VARS), vars);
    List<String> pflash = List.of(
        "-drive", "if=pflash,format=raw,unit=0,readonly=on,file=" + OVMF_CODE,
        "-drive", "if=pflash,format=raw,unit=1,file=" + vars);
    Map<String, Boolean> edge = boot(e1000eDomain(9), "ovmf", pflash, 20, 300);
    assertEquals(9, count(edge, "net", true), edge.toString());

    CliRun refused = CliRun.of(e1000eDomain(10), "plan", "--firmware", "ovmf", "-");
    assertEquals(1, refused.code(), refused.err());
    Files.copy(Path.of(OVMF_VARS), vars, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Map<String, Boolean> over = boot(e1000eDomain(10), "ovmf", pflash, 20, 300);
    assertTrue(count(over, "net", true) < 10, "OVMF drops a device over its budget: " + over);
  }

  /**
   * The largest dense plan QEMU 7.2 survives once firmware maps the BARs (see the test below): 400
   * virtio NICs two to a port, 40 spare ports, so that the ports overflow the root bus into a
   * switch. Every device and port is enumerated with all its BARs mapped and reachable.
   */
  @Test
  void seabiosEnumeratesEveryDeviceOfTheLargestDensePlan() throws Exception {
    requireFirmware("/usr/share/seabios/bios.bin");
    Map<String, Boolean> usable = boot(DensePolicyCliTest.nics("x86_64", "q35", 400), "seabios",
        List.of(), 6, 600, DENSE_400);
    assertEveryDeviceUsable(usable);
  }

  @Test
  void ovmfEnumeratesEveryDeviceOfTheLargestDensePlan() throws Exception {
    requireFirmware(OVMF_CODE);
    Map<String, Boolean> usable = boot(DensePolicyCliTest.nics("x86_64", "q35", 400), "ovmf",
        ovmf(), 30, 900, DENSE_400);
    assertEveryDeviceUsable(usable);
  }

  private static final String[] DENSE_400 = {"--policy", "dense", "--hotplug-reserve", "40"};

  private static void assertEveryDeviceUsable(Map<String, Boolean> usable) {
    assertEquals(400, count(usable, "net", true), "NICs not usable: " + unusable(usable));
    assertTrue(usable.keySet().stream().anyMatch(id -> id.equals("balloon0")), usable.keySet().toString());
    assertEquals(List.of(), unusable(usable));
    assertTrue(usable.size() >= 400 + 240, "every port is listed: " + usable.size());
  }

  private static List<String> unusable(Map<String, Boolean> usable) {
    return usable.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey).limit(20).toList();
  }

  /**
   * The dense 1,000-NIC plan is what QEMU builds (verify, -S), on q35 and aarch64 virt, but QEMU
   * 7.2 itself cannot run it: once the firmware enables the NICs' BARs, the memory map has more
   * sections than QEMU's dispatch table holds (4,096) and QEMU aborts. A limit of QEMU, not of the
   * topology or the firmware budgets.
   */
  @Test
  void qemuBuildsTheDenseThousandNicPlansAsPlannedButAbortsOnceSeabiosMapsTheirBars() throws Exception {
    requireFirmware("/usr/share/seabios/bios.bin");
    for (String[] machine : new String[][] {{"x86_64", "q35"}, {"aarch64", "virt"}}) {
      AcceptanceCorpus.requireQemu(machine[0]);
      CliRun r = CliRun.of(DensePolicyCliTest.nics(machine[0], machine[1], 1000), "verify", "--policy", "dense", "-");
      assertEquals(0, r.code(), r.err());
      assertEquals(1000, r.out().lines().filter(l -> l.matches("ok net\\d+ pci\\.\\d+ 00\\.[0-7]")).count());
    }
    try {
      boot(DensePolicyCliTest.nics("x86_64", "q35", 1000), "seabios", List.of(), 6, 400, "--policy", "dense");
    } catch (IOException e) {
      // QEMU went away under the monitor: what its log says is checked below
    }
    String log = Files.readString(tmp.resolve("seabios.log"));
    assertTrue(log.contains("phys_section_add: Assertion `map->sections_nb < TARGET_PAGE_SIZE' failed"), log);
  }

  private List<String> ovmf() throws IOException {
    Path vars = tmp.resolve("vars.fd");
    Files.copy(Path.of(OVMF_VARS), vars, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return List.of("-drive", "if=pflash,format=raw,unit=0,readonly=on,file=" + OVMF_CODE,
        "-drive", "if=pflash,format=raw,unit=1,file=" + vars);
  }

  private static void requireFirmware(String file) {
    AcceptanceCorpus.requireQemu("x86_64");
    if (!Files.exists(Path.of(file))) {
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(file + " is missing, and CI=true requires this test to run");
      }
      Assumptions.abort(file + " is missing (install seabios and ovmf)");
    }
  }

  private static long count(Map<String, Boolean> usable, String prefix, boolean value) {
    return usable.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix) && e.getValue() == value).count();
  }

  /**
   * Plans {@code domain} with {@code --firmware none}, boots its QEMU arguments with the firmware,
   * waits until {@code query-pci} has not changed for {@code quietSeconds}, and tells for every
   * planned device (by id) whether every BAR of it is mapped and reachable.
   */
  private Map<String, Boolean> boot(String domain, String firmware, List<String> firmwareArgs,
      int quietSeconds, int limitSeconds, String... planOptions) throws Exception {
    List<String> plan = new ArrayList<>(List.of("plan", "--firmware", "none", "--format", "qemu-args",
        "--stub-backends"));
    plan.addAll(List.of(planOptions));
    plan.add("-");
    CliRun args = CliRun.of(domain, plan.toArray(String[]::new));
    assertEquals(0, args.code(), args.err());
    Path socket = tmp.resolve(firmware + ".qmp");
    Files.deleteIfExists(socket);
    List<String> command = new ArrayList<>(List.of("qemu-system-x86_64", "-nodefaults",
        "-display", "none", "-accel", "tcg", "-m", "256", "-qmp", "unix:" + socket + ",server=on,wait=off"));
    command.addAll(firmwareArgs);
    command.addAll(args.out().lines().filter(l -> !l.isBlank()).toList());
    Process qemu = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(tmp.resolve(firmware + ".log").toFile()).start();
    try {
      long deadline = System.nanoTime() + limitSeconds * 1_000_000_000L;
      while (!Files.exists(socket) && System.nanoTime() < deadline && qemu.isAlive()) {
        Thread.sleep(100);
      }
      try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        channel.connect(UnixDomainSocketAddress.of(socket));
        BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
            StandardCharsets.UTF_8));
        OutputStream out = Channels.newOutputStream(channel);
        in.readLine();
        execute(in, out, "qmp_capabilities");
        JsonNode last = execute(in, out, "query-pci");
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
          Thread.sleep(500);
          JsonNode pci = execute(in, out, "query-pci");
          if (!pci.equals(last)) {
            last = pci;
            quietSince = System.nanoTime();
          } else if (begun(last, firmwareArgs.isEmpty() ? "secondary" : "memory_range")
              && System.nanoTime() - quietSince > quietSeconds * 1_000_000_000L) {
            break; // the firmware has begun (numbered buses; UEFI: opened windows), then been quiet
          }
        }
        Map<String, Boolean> usable = new TreeMap<>();
        for (JsonNode bus : last) {
          collect(bus.get("devices"), List.of(), usable);
        }
        return usable;
      }
    } finally {
      qemu.destroyForcibly();
      qemu.waitFor();
    }
  }

  /**
   * Whether some bridge on a root bus has a secondary bus number ({@code secondary}), or an open
   * memory window ({@code memory_range}): OVMF numbers the buses and may then be quiet for more
   * than 20 s under load before it opens windows.
   */
  private static boolean begun(JsonNode pci, String what) {
    for (JsonNode bus : pci) {
      for (JsonNode d : bus.get("devices")) {
        JsonNode b = d.path("pci_bridge").path("bus");
        if (what.equals("secondary") ? b.path("secondary").asInt() > 0
            : b.has("memory_range") && Long.compareUnsigned(b.get("memory_range").get("base").asLong(),
                b.get("memory_range").get("limit").asLong()) <= 0) {
          return true;
        }
      }
    }
    return false;
  }

  private static JsonNode execute(BufferedReader in, OutputStream out, String command) throws IOException {
    out.write(("{\"execute\":\"" + command + "\"}\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
    while (true) {
      String line = in.readLine();
      if (line == null) {
        throw new IOException(command + ": the monitor closed (QEMU exited)");
      }
      JsonNode reply = JSON.readTree(line);
      if (reply.has("return")) {
        return reply.get("return");
      }
      if (reply.has("error")) {
        throw new IOException(command + ": " + reply.get("error"));
      }
    }
  }

  /**
   * Records each device with a qdev id: usable when every BAR is mapped and each bridge above it
   * forwards it (I/O through the I/O window; memory through the memory window, or a prefetchable
   * BAR through either window).
   */
  private static void collect(JsonNode devices, List<JsonNode> bridges, Map<String, Boolean> usable) {
    for (JsonNode d : devices) {
      if (d.has("qdev_id") && !d.get("qdev_id").asText().isEmpty()) {
        boolean ok = true;
        for (JsonNode bar : d.get("regions")) {
          if (bar.path("bar").asInt() == ROM_BAR) {
            continue; // option ROMs are mapped only while the firmware runs them
          }
          long address = bar.get("address").asLong();
          if (address == 0 || address == 0xffffffffL || address == -1) {
            ok = false;
            continue;
          }
          long last = address + bar.get("size").asLong() - 1;
          boolean io = "io".equals(bar.get("type").asText());
          for (JsonNode bridge : bridges) {
            JsonNode bus = bridge.get("bus");
            ok &= io ? within(bus.get("io_range"), address, last)
                : within(bus.get("memory_range"), address, last)
                    || bar.path("prefetch").asBoolean() && within(bus.get("prefetchable_range"), address, last);
          }
        }
        usable.put(d.get("qdev_id").asText(), ok);
      }
      if (d.has("pci_bridge") && d.get("pci_bridge").has("devices")) {
        List<JsonNode> below = new ArrayList<>(bridges);
        below.add(d.get("pci_bridge"));
        collect(d.get("pci_bridge").get("devices"), below, usable);
      }
    }
  }

  private static boolean within(JsonNode range, long first, long last) {
    return range != null && Long.compareUnsigned(range.get("base").asLong(), first) <= 0
        && Long.compareUnsigned(last, range.get("limit").asLong()) <= 0;
  }
}
