package dev.backplane.adapters.qmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backplane.core.machine.PluginCapabilitySource;
import dev.backplane.core.port.out.CapabilitySource;
import dev.backplane.spi.ImplicitDevice;
import dev.backplane.spi.MachineDescription;
import dev.backplane.spi.MachineRequest;
import dev.backplane.spi.RootBus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Probes of a real qemu-system-x86_64 (q35 and pc only, to stay fast) against the built-in plugins. */
@Tag("qemu")
class QmpCapabilitiesTest {
  private static final CapabilitySource PLUGINS = PluginCapabilitySource.fromClassPath();

  private static ProbeOptions.Builder options(String... machines) {
    return ProbeOptions.builder().machines(List.of(machines)).policy(PLUGINS);
  }

  @Test
  void probedQ35AndPcMatchTheBuiltInPlugins() {
    ProbeResult probed = QmpCapabilities.probe(QemuBinaries.require("qemu-system-x86_64"),
        options("q35", "pc").build());

    assertEquals("x86_64", probed.arch());
    assertEquals(List.of(), probed.skipped());
    CapabilitySource source = probed.capabilitySource();
    for (String machine : List.of("q35", "pc", "q35,sata=off", "q35,smbus=off",
        "q35,sata=off,smbus=off")) {
      MachineRequest request = MachineRequest.parse("x86_64", machine);
      MachineDescription fromQemu = source.describe(request).orElseThrow();
      MachineDescription builtIn = PLUGINS.describe(request).orElseThrow();
      assertEquals(builtIn.name(), fromQemu.name(), machine);
      assertEquals(roots(builtIn), roots(fromQemu), machine + " root buses");
      assertEquals(devices(builtIn), devices(fromQemu), machine + " implicit PCI devices");
      assertEquals(builtIn, fromQemu, machine + " whole description (probe + plugin policy)");
    }
    assertTrue(probed.tableJson().contains("\"binary\": \"qemu-system-x86_64\""), probed.tableJson());
    assertFalse(probed.tableJson().contains("\"defaults\""), "the facts file holds no libvirt policy");
    assertTrue(probed.policyJson().contains("\"nicModel\": \"rtl8139\""), probed.policyJson());
    assertEquals(PLUGINS.describe(MachineRequest.of("x86_64", "q35")).orElseThrow().qemuDevices(),
        probed.qemuDevices(), "the binary's devices are the built-in list");
    assertTrue(probed.qemuDevices().contains("virtio-vga") && probed.qemuDevices().size() > 300,
        probed.qemuDevices().toString());
  }

  @Test
  void aCorruptedCacheEntryIsProbedAgainNotTrusted(@TempDir Path cache) throws IOException {
    String qemu = QemuBinaries.require("qemu-system-x86_64");
    ProbeOptions options = options("q35").cacheDir(cache).build();
    ProbeResult first = QmpCapabilities.probe(qemu, options);
    assertEquals("probed (cache missing)", first.cacheStatus());
    assertTrue(QmpCapabilities.probe(qemu, options).fromCache());

    Path entry = entries(cache).get(0);
    Files.writeString(entry, "{\"format\": \"backplane-probe-cache/2\", garbage");
    ProbeResult rebuilt = QmpCapabilities.probe(qemu, options);
    assertFalse(rebuilt.fromCache());
    assertTrue(rebuilt.cacheStatus().startsWith("probed (cache corrupt"), rebuilt.cacheStatus());
    assertEquals(first.tableJson(), rebuilt.tableJson());

    // valid JSON, but the table was edited: its hash no longer matches
    Files.writeString(entry, Files.readString(entry).replace("ICH9-LPC", "ICH9-LPX"));
    ProbeResult again = QmpCapabilities.probe(qemu, options);
    assertEquals("probed (cache corrupt: table hash mismatch)", again.cacheStatus());
    assertEquals(first.tableJson(), again.tableJson());
    assertTrue(QmpCapabilities.probe(qemu, options).fromCache());
    assertEquals(1, entries(cache).size(), "one entry, no temporary files left: " + entries(cache));
  }

  @Test
  void aChangedBinaryIsProbedAgainEvenWithTheSameSizeAndTime(@TempDir Path dir) throws IOException {
    String real = QemuBinaries.require("qemu-system-x86_64");
    Path fake = dir.resolve("qemu-wrapper");
    Files.writeString(fake, "#!/bin/sh\nexec " + real + " \"$@\"\n# A\n");
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
    ProbeOptions options = options("pc").cacheDir(dir.resolve("cache")).build();
    assertFalse(QmpCapabilities.probe(fake.toString(), options).fromCache());
    assertTrue(QmpCapabilities.probe(fake.toString(), options).fromCache());

    FileTime time = Files.getLastModifiedTime(fake);
    Files.writeString(fake, "#!/bin/sh\nexec " + real + " \"$@\"\n# B\n"); // same size
    Files.setLastModifiedTime(fake, time);
    ProbeResult reprobed = QmpCapabilities.probe(fake.toString(), options);
    assertEquals("probed (cache stale: the binary changed)", reprobed.cacheStatus());

    Files.setLastModifiedTime(fake, FileTime.fromMillis(time.toMillis() + 5000)); // touch
    assertEquals("probed (cache stale: the binary changed)",
        QmpCapabilities.probe(fake.toString(), options).cacheStatus());
    assertTrue(QmpCapabilities.probe(fake.toString(), options).fromCache());
  }

  private static List<Path> entries(Path cache) throws IOException {
    try (Stream<Path> files = Files.list(cache)) {
      return files.filter(p -> !p.toString().endsWith(".lock")).toList();
    }
  }

  private static List<String> roots(MachineDescription d) {
    return d.rootBuses().stream().map(RootBus::toString).toList();
  }

  private static List<String> devices(MachineDescription d) {
    return d.implicitDevices().stream().map(ImplicitDevice::toString).sorted().toList();
  }
}
