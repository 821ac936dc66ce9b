package dev.backplane.adapters.cli;

import dev.backplane.core.machine.PluginCapabilitySource;
import dev.backplane.spi.DeviceCatalog;
import static org.junit.jupiter.api.Assertions.fail;

import dev.backplane.adapters.qemuargs.QemuArgs;
import dev.backplane.adapters.qmp.Qmp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The corpus domains the QEMU acceptance tests build, and the rules that set some of them aside:
 * each set-aside domain is still checked, since Backplane must refuse it with exit 1 and say why.
 */
final class AcceptanceCorpus {
  /**
   * The hand-written libvirt corpus, which the conformance module owns; the pom passes its path as
   * {@code backplane.corpus}.
   */
  static final Path ROOT = Path.of(System.getProperty("backplane.corpus", "../../conformance/corpus"));

  /** Elements whose device needs a host resource no null backend stands in for. */
  static final Map<String, String> NOT_STUBBABLE = new LinkedHashMap<>();

  static {
    NOT_STUBBABLE.put("tpm", "a TPM needs a host TPM (passthrough) or swtpm (emulator)");
    NOT_STUBBABLE.put("vsock", "vhost-vsock needs the host's /dev/vhost-vsock");
    NOT_STUBBABLE.put("hostdev", "a host device (PCI, USB, SCSI) needs the host's own device");
  }

  /** Backplane refuses this one on purpose (see conformance's LibvirtConformanceTest and the README). */
  private static final Map<String, String> REFUSED_BY_BACKPLANE = Map.of(
      "pc-conflict-piix3-ide",
      "QEMU builds piix3-ide at 00:01.1 even with -nodefaults, so a device there cannot start");

  /** libvirt 9.0 defines these, but the target's QEMU 7.2 lacks a device they need. */
  private static final Map<String, String> NOT_IN_THIS_QEMU = Map.of(
      "pseries-floppy", "pSeries has no ISA bus for a floppy controller",
      "ppc64le-pseries-floppy", "pSeries has no ISA bus for a floppy controller",
      "s390-usb-controller", "qemu-system-s390x is built without USB host controllers",
      "riscv-virt-floppy", "qemu-system-riscv64 has no isa-fdc",
      "pc-spapr-vlan", "libvirt gives spapr-vlan and ibmvscsi spapr-vio regs on x86, which has no spapr-vio bus",
      "s390-usb-tablet", "qemu-system-s390x is built without USB host controllers",
      "riscv-virt-isa-devices", "qemu-system-riscv64 has no ISA devices (ib700 watchdog, ...)",
      "riscv-virt-video-ramfb", "no machine of qemu-system-riscv64 takes ramfb",
      "q35-nic-vocabulary", "QEMU has no device for libvirt's NIC names vlance, vmxnet, Am79C970A, 82540EM, ...");

  /**
   * Domains whose addresses libvirt 9.0 chooses but QEMU 7.2 cannot build (most from
   * corpus-random); Backplane plans libvirt's addresses, and qemu-args/verify refuse them saying why.
   */
  private static final Map<String, Refusal> QEMU_REFUSES_LIBVIRTS_CHOICE = new LinkedHashMap<>();

  static {
    for (String name : List.of("virt-0001", "virt-0046", "virt-0067", "virt-0149", "virt-0153")) {
      QEMU_REFUSES_LIBVIRTS_CHOICE.put(name, new Refusal(
          "riscv64 virt: libvirt puts an lsilogic controller on virtio-mmio", "has no virtio-mmio form", false));
    }
    for (String name : List.of("virt-0006", "virt-0051", "virt-0213")) {
      QEMU_REFUSES_LIBVIRTS_CHOICE.put(name, new Refusal(
          "riscv64 virt: libvirt puts a pcie-switch-upstream-port on its own downstream port",
          "on a bus behind itself", false));
    }
    for (String name : List.of("virt-0197", "virt-0218", "virt-0235")) {
      QEMU_REFUSES_LIBVIRTS_CHOICE.put(name, new Refusal(
          "riscv64 virt: ramfb needs fw_cfg with DMA", "has no device for video 'ramfb'", false));
    }
    QEMU_REFUSES_LIBVIRTS_CHOICE.put("pseries-phb-target-walk", new Refusal(
        "pseries: libvirt gives two PHBs target index 1", "a second host bridge with target index", false));
    for (String name : List.of("pc-0064", "pc-0138", "pc-0154", "pc-0180", "pc-0188")) {
      QEMU_REFUSES_LIBVIRTS_CHOICE.put(name, new Refusal(
          "i686: a vmpvscsi disk's unit is a LUN, and QEMU's pvscsi has LUN 0 only", "is a LUN, and QEMU's pvscsi", false));
    }
  }

  /** Why a case must be refused, and what the refusal must say; {@code unstubbable} marks NOT_STUBBABLE. */
  record Refusal(String reason, String message, boolean unstubbable) {
    /** Null when Backplane refused as it must, otherwise what went wrong. */
    String check(int code, String stderr) {
      boolean refused = code == ExitCodes.INVALID_INPUT && stderr.contains(message);
      return refused ? null : "expected a refusal (" + reason + ") saying '" + message + "', got exit "
          + code + ": " + stderr;
    }
  }

  private AcceptanceCorpus() {}

  /** The refusal a corpus case must get, or null when QEMU must build it. */
  static Refusal refusal(String name, String xml) {
    if (REFUSED_BY_BACKPLANE.containsKey(name)) {
      return new Refusal(REFUSED_BY_BACKPLANE.get(name), "backplane:", false);
    }
    if (QEMU_REFUSES_LIBVIRTS_CHOICE.containsKey(name)) {
      return QEMU_REFUSES_LIBVIRTS_CHOICE.get(name);
    }
    if (NOT_IN_THIS_QEMU.containsKey(name)) {
      return new Refusal(NOT_IN_THIS_QEMU.get(name), "has no device", false);
    }
    for (Map.Entry<String, String> rule : NOT_STUBBABLE.entrySet()) {
      if (xml.contains("<" + rule.getKey())) {
        return new Refusal(rule.getValue(), "--stub-backends cannot replace", true);
      }
    }
    return null;
  }

  /** The domain without the elements no null backend stands in for. */
  static String withoutUnstubbable(String xml) {
    return xml.replaceAll("(?s)<(" + String.join("|", NOT_STUBBABLE.keySet()) + ")\\b.*?</\\1>", "");
  }

  /** The cases libvirt accepted (no {@code .err} beside them), in name order. */
  static List<Path> accepted(String arch) throws IOException {
    return accepted(ROOT, arch);
  }

  /** The generated corpus libvirt answered (conformance's corpus-random), beside {@link #ROOT}. */
  static final Path RANDOM = ROOT.resolveSibling("corpus-random");

  static List<Path> accepted(Path root, String arch) throws IOException {
    try (Stream<Path> files = Files.list(root.resolve(arch))) {
      return files.filter(p -> p.toString().endsWith(".xml") && !p.toString().endsWith(".libvirt.xml"))
          .filter(p -> !Files.exists(Path.of(p.toString().replace(".xml", ".err"))))
          .sorted()
          .toList();
    }
  }

  static String name(Path input) {
    return input.getFileName().toString().replace(".xml", "");
  }

  static String binary(String arch) {
    return PluginCapabilitySource.fromClassPath().devices(arch).flatMap(DeviceCatalog::qemuBinary)
        .orElseThrow(() -> new IllegalStateException("no device catalog names the QEMU of " + arch));
  }

  /** The architecture's QEMU, or the test is skipped (failed when {@code CI=true}). */
  static Path requireQemu(String arch) {
    String binary = binary(arch);
    return Qmp.locate(binary).orElseGet(() -> {
      if ("true".equals(System.getenv("CI"))) {
        fail(binary + " is not on the PATH, and CI=true requires this test to run");
      }
      Assumptions.abort(binary + " is not on the PATH");
      return null;
    });
  }
}
