package dev.backplane.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher loads third-party plugins from BACKPLANE_PLUGINS: the example plugin under
 * examples/acme-plugin (not on this module's test class path) plans its machine type.
 */
class PluginPathTest {
  private static final Path EXAMPLE = Path.of(System.getProperty("backplane.examplePlugin",
      "../../examples/acme-plugin/target/classes"));

  private static final String DOMAIN = """
      <domain type='kvm'>
        <name>acme</name>
        <memory>1048576</memory>
        <os><type arch='x86_64' machine='acme-board'>hvm</type></os>
        <devices>
          <disk type='file' device='disk'><source file='/a.img'/><target dev='vda' bus='virtio'/></disk>
          <interface type='network'><source network='default'/></interface>
          <interface type='network'><source network='default'/><model type='acme-nic'/></interface>
        </devices>
      </domain>
      """;

  private record Run(int code, String out, String err) {}

  /** Runs the CLI in a fresh JVM (the plugin path is read from the environment). */
  private static Run backplane(String pluginPath, Path workDir, String... args) throws Exception {
    return backplane("-cp", pluginPath, workDir, args);
  }

  /**
   * Runs the CLI in a fresh JVM, with its classes on the class path ({@code -cp}) or, as
   * {@code ./backplane} puts them, on the boot class path ({@code -Xbootclasspath/a:}).
   */
  private static Run backplane(String load, String pluginPath, Path workDir, String... args)
      throws Exception {
    String classes = System.getProperty("java.class.path");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(load.equals("-cp") ? List.of("-cp", classes) : List.of(load + classes));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectOutput(workDir.resolve("out").toFile())
        .redirectError(workDir.resolve("err").toFile());
    builder.environment().remove(PluginPath.VARIABLE);
    if (pluginPath != null) {
      builder.environment().put(PluginPath.VARIABLE, pluginPath);
    }
    Process process = builder.start();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "backplane did not finish");
    return new Run(process.exitValue(), Files.readString(workDir.resolve("out")),
        Files.readString(workDir.resolve("err")));
  }

  @Test
  void planUsesAMachineTypeFromAPluginOnThePluginPath(@TempDir Path dir) throws Exception {
    assertTrue(Files.isDirectory(EXAMPLE.resolve("META-INF/services")),
        "the example plugin is not built at " + EXAMPLE);
    Path domain = write(dir, DOMAIN);
    Run plan = backplane(EXAMPLE.toString(), dir, "plan", "--format", "json", domain.toString());
    assertEquals(0, plan.code(), plan.err());
    assertTrue(plan.out().contains("\"machine\" : \"acme-board-1.0\""), plan.out());
    assertTrue(plan.out().contains("\"model\" : \"e1000e\""), "the plugin's default NIC: " + plan.out());

    assertTrue(plan.out().contains("\"model\" : \"acme-nic\""), "the plugin's own NIC: " + plan.out());

    Run machines = backplane(EXAMPLE.toString(), dir, "machines", "--arch", "x86_64");
    assertTrue(machines.out().lines().anyMatch(l -> l.startsWith("acme-board-1.0 ")), machines.out());
  }

  @Test
  void theQemuArgumentsNameThePluginsOwnNicDeviceBehindARootPort(@TempDir Path dir) throws Exception {
    Path domain = write(dir, DOMAIN);
    Run plan = backplane(EXAMPLE.toString(), dir, "plan", "--format", "qemu-args", domain.toString());
    assertEquals(0, plan.code(), plan.err());
    List<String> args = plan.out().lines().toList();
    String nic = args.stream().filter(a -> a.startsWith("acme-nic-pci,")).findFirst()
        .orElseThrow(() -> new AssertionError("no -device acme-nic-pci: " + plan.out()));
    // a PCIe endpoint: behind a pcie-root-port (bus pci.N, slot 0), not on the root complex
    assertTrue(nic.matches("acme-nic-pci,id=net1,bus=pci\\.[1-9][0-9]*,addr=0x00\\.0x0,netdev=hostnet1"), nic);
    assertTrue(args.stream().anyMatch(a -> a.startsWith("e1000e,id=net0,")), plan.out());
  }

  @Test
  void aPluginOnThePluginPathPlansWithBackplaneOnTheBootClassPath(@TempDir Path dir) throws Exception {
    // there Backplane's classes have no class loader: ServiceLoader and the plugins' class loader
    // work through the system class loader
    Path domain = write(dir, DOMAIN);
    Run plan = backplane("-Xbootclasspath/a:", EXAMPLE.toString(), dir,
        "plan", "--format", "json", domain.toString());
    assertEquals(0, plan.code(), plan.err());
    assertTrue(plan.out().contains("\"model\" : \"acme-nic\""), plan.out());

    Run builtIn = backplane("-Xbootclasspath/a:", null, dir, "machines", "--arch", "x86_64");
    assertEquals(0, builtIn.code(), builtIn.err());
    assertTrue(builtIn.out().lines().anyMatch(l -> l.startsWith("pc-q35-7.2 ")), builtIn.out());
  }

  @Test
  void thePluginDirectoryIsBesideTheJarBackplaneRunsFrom() throws Exception {
    assertEquals(Path.of("/opt/backplane/backplane.jar"), PluginPath.jarOf(
        new java.net.URL("jar:file:/opt/backplane/backplane.jar!/dev/backplane/adapters/cli/PluginPath.class")));
    assertEquals(null, PluginPath.jarOf(Path.of("/opt/classes/PluginPath.class").toUri().toURL()));
    assertEquals(null, PluginPath.jarOf(null));
  }

  @Test
  void withoutThePluginTheNicModelIsUnknownToQemuArgs(@TempDir Path dir) throws Exception {
    Path domain = write(dir, DOMAIN.replace("machine='acme-board'", "machine='q35'"));
    Run plan = backplane(null, dir, "plan", "--format", "qemu-args", domain.toString());
    assertEquals(1, plan.code(), plan.err());
    assertTrue(plan.err().contains("QEMU has no device for interface 'acme-nic'"), plan.err());
  }

  @Test
  void withoutThePluginPathTheMachineIsUnknown(@TempDir Path dir) throws Exception {
    Run plan = backplane(null, dir, "plan", write(dir, DOMAIN).toString());
    assertEquals(1, plan.code(), plan.err());
    assertTrue(plan.err().contains("machine type acme-board is not known"), plan.err());
  }

  @Test
  void aMissingPluginPathEntryIsAnEnvironmentError(@TempDir Path dir) throws Exception {
    Run plan = backplane(dir.resolve("absent.jar").toString(), dir, "plan", write(dir, DOMAIN).toString());
    assertEquals(3, plan.code(), plan.err());
    assertTrue(plan.err().startsWith("backplane: BACKPLANE_PLUGINS: " + dir.resolve("absent.jar")), plan.err());
  }

  @Test
  void aPluginClaimingQ35BesideTheBuiltInOneIsRefusedNamingBoth(@TempDir Path dir) throws Exception {
    Path plugin = dir.resolve("rogue");
    Files.createDirectories(plugin.resolve("META-INF/services"));
    // the example plugin's class again, with a table that also claims q35, in a class directory
    Path table = EXAMPLE.resolve("com/example/acme/acme-x86_64.json");
    Files.createDirectories(plugin.resolve("com/example/acme"));
    Files.copy(EXAMPLE.resolve("com/example/acme/AcmeMachinePlugin.class"),
        plugin.resolve("com/example/acme/AcmeMachinePlugin.class"));
    Files.copy(EXAMPLE.resolve("com/example/acme/acme-catalog.tsv"),
        plugin.resolve("com/example/acme/acme-catalog.tsv"));
    Files.writeString(plugin.resolve("com/example/acme/acme-x86_64.json"),
        Files.readString(table).replace("\"aliases\": [\"acme-board\"]", "\"aliases\": [\"acme-board\", \"q35\"]"));
    Files.writeString(plugin.resolve("META-INF/services/dev.backplane.spi.MachinePlugin"),
        "com.example.acme.AcmeMachinePlugin\n");
    Run machines = backplane(plugin.toString(), dir, "machines");
    assertEquals(3, machines.code(), machines.err());
    assertTrue(machines.err().contains("acme-board and x86-q35 both claim machine name 'q35'"), machines.err());
  }

  private static Path write(Path dir, String xml) throws IOException {
    Path file = dir.resolve("acme.xml");
    Files.writeString(file, xml, StandardCharsets.UTF_8);
    return file;
  }
}
