package dev.backplane.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backplane.adapters.qmp.ProbeOptions;
import dev.backplane.adapters.qmp.ProbeResult;
import dev.backplane.adapters.qmp.QmpCapabilities;
import dev.backplane.core.port.out.CapabilitySource;
import dev.backplane.spi.MachineDescription;
import dev.backplane.spi.MachineRequest;
import dev.backplane.spi.MachineType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The devices of real QEMU binaries in plan, verify, probe and drift: a primary virtio video on
 * pSeries, where qemu-system-ppc64 has no virtio-vga, runs on QEMU as virtio-gpu-pci; a table
 * whose binary lacks a device refuses it; drift reports device lists that differ.
 */
@Tag("qemu")
class QemuDeviceListsTest {
  @TempDir
  static Path cache;

  private static final String PSERIES_VIRTIO_VIDEO = """
      <domain type='qemu'>
        <name>pseries-video-virtio</name>
        <memory unit='MiB'>1024</memory>
        <os><type arch='ppc64' machine='pseries'>hvm</type></os>
        <devices>
          <graphics type='vnc' port='-1' autoport='yes'/>
          <video><model type='virtio' primary='yes'/></video>
        </devices>
      </domain>
      """;

  @Test
  void aPrimaryVirtioVideoOnPseriesIsVirtioGpuPciAndQemuBuildsItWherePlanned() {
    AcceptanceCorpus.requireQemu("ppc64");

    CliRun args = CliRun.of(PSERIES_VIRTIO_VIDEO, "plan", "--format", "qemu-args", "-");
    assertEquals(0, args.code(), args.err());
    assertTrue(args.out().lines().anyMatch(a -> a.startsWith("virtio-gpu-pci,id=video0,")), args.out());
    assertTrue(args.out().lines().noneMatch(a -> a.startsWith("virtio-vga")), args.out());

    CliRun verify = CliRun.of(PSERIES_VIRTIO_VIDEO, "verify", "-");
    assertEquals(0, verify.code(), verify.out() + verify.err());
    assertTrue(verify.out().lines().anyMatch(l -> l.startsWith("ok video0 ")), verify.out());
  }

  @Test
  void planWithQemuTakesTheProbedBinarysDevices() {
    AcceptanceCorpus.requireQemu("ppc64");

    CliRun args = CliRun.of(PSERIES_VIRTIO_VIDEO, "plan", "--format", "qemu-args", "--qemu",
        "qemu-system-ppc64", "--cache-dir", cache.toString(), "-");
    assertEquals(0, args.code(), args.err());
    assertTrue(args.out().lines().anyMatch(a -> a.startsWith("virtio-gpu-pci,id=video0,")), args.out());
  }

  /**
   * libvirt 9.0 starts a TIS TPM off x86 as QEMU's sysbus {@code tpm-tis-device}: {@code tpm-tis}
   * is x86's ISA device, which these binaries do not have (the device lists the plugins recorded
   * from them decide; drift compares those lists with the binaries).
   */
  @ParameterizedTest
  @ValueSource(strings = {"aarch64", "armv7l", "riscv64"})
  void aTisTpmOnAVirtBoardIsTheSysbusTpmTisDevice(String arch) {
    String domain = """
        <domain type='qemu'>
          <name>virt-tpm-tis</name>
          <memory unit='MiB'>512</memory>
          <os><type arch='%s' machine='virt'>hvm</type></os>
          <devices>
            <tpm model='tpm-tis'><backend type='passthrough'><device path='/dev/tpm0'/></backend></tpm>
          </devices>
        </domain>
        """.formatted(arch);

    CliRun args = CliRun.of(domain, "plan", "--format", "qemu-args", "-");
    assertEquals(0, args.code(), args.err());
    assertTrue(args.out().lines().anyMatch(a -> a.equals("tpm-tis-device,id=tpm0,tpmdev=tpm-tpm0")),
        args.out());
  }

  @Test
  void aTableWhoseBinaryLacksTheDeviceRefusesTheModelInOneLine(@TempDir Path dir) throws IOException {
    AcceptanceCorpus.requireQemu("ppc64");
    Path table = dir.resolve("ppc64.json");
    CliRun probe = CliRun.of("", "probe", "--qemu", "qemu-system-ppc64", "--cache-dir",
        cache.toString(), "--emit-table", table.toString(),
        "--emit-policy", dir.resolve("ppc64-policy.json").toString());
    assertEquals(0, probe.code(), probe.err());
    assertTrue(probe.out().contains("\ndevices   2"), probe.out()); // 256 on QEMU 7.2
    String json = Files.readString(table);
    assertTrue(json.contains("\"virtio-gpu-pci\""), "the table lists the binary's devices");
    // a binary without any virtio GPU: neither the VGA-compatible device nor the fallback
    Files.writeString(table, json.replaceAll("\\s*\"virtio-gpu-pci\",?", ""));

    CliRun r = CliRun.of(PSERIES_VIRTIO_VIDEO, "plan", "--format", "qemu-args", "--tables",
        dir.toString(), "-");
    assertEquals(ExitCodes.INVALID_INPUT, r.code(), r.out() + r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("backplane: <video model='virtio'>: qemu-system-ppc64 (ppc64) has no "
        + "device 'virtio-vga' for video 'virtio'"), r.err());
    assertTrue(r.err().contains("(fix: remove it, or use one of the video models this QEMU has: "
        + "bochs, cirrus, none, vga, vmvga)"), r.err());
  }

  @Test
  void driftReportsDevicesThePluginsListDifferently() {
    AcceptanceCorpus.requireQemu("s390x");
    CapabilitySource plugins = KnowledgeSources.plugins();
    ProbeResult probed = QmpCapabilities.probe("qemu-system-s390x",
        ProbeOptions.builder().policy(plugins).cacheDir(cache).build());
    assertEquals(List.of(), DriftReport.compare(plugins, probed).findings());

    CapabilitySource edited = new CapabilitySource() {
      @Override
      public List<MachineType> machineTypes() {
        return plugins.machineTypes();
      }

      @Override
      public Optional<MachineDescription> describe(MachineRequest request) {
        return plugins.describe(request).map(d -> {
          Set<String> devices = new TreeSet<>(d.qemuDevices());
          devices.remove("virtio-gpu-ccw");
          devices.add("no-such-device");
          return MachineDescription.builder().from(d).qemuDevices(devices).build();
        });
      }
    };
    List<String> findings = DriftReport.compare(edited, probed).findings();
    assertEquals(List.of(
        "devices added: [virtio-gpu-ccw] (QEMU has them; the device list of [s390-ccw-virtio] does not)",
        "devices removed: [no-such-device] (the device list of [s390-ccw-virtio] has them; QEMU does "
            + "not)"), findings);
  }
}
