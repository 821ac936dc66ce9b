package dev.backplane.adapters.cli;

import dev.backplane.core.machine.PluginCapabilitySource;
import dev.backplane.spi.DeviceCatalog;
import static org.junit.jupiter.api.Assertions.fail;

import dev.backplane.adapters.qemuargs.QemuArgs;
import dev.backplane.adapters.qmp.Qmp;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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

  /**
   * Domains libvirt 9.0 accepts but QEMU 7.2 cannot build as libvirt addressed them (the target's
   * QEMU lacks a device, or refuses libvirt's choice): {@code qemu-set-asides.tsv}.
   */
  private static final Map<String, Refusal> QEMU_CANNOT_BUILD = setAsides();

  private static Map<String, Refusal> setAsides() {
    Map<String, Refusal> setAsides = new LinkedHashMap<>();
    try (InputStream in = AcceptanceCorpus.class.getResourceAsStream("/qemu-set-asides.tsv")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] c = line.split("\t");
        setAsides.put(c[0], new Refusal(c[3], c[2], false, Integer.parseInt(c[1])));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return setAsides;
  }

  /**
   * Why a case must be refused, with which exit code, and what the refusal must say;
   * {@code unstubbable} marks NOT_STUBBABLE.
   */
  record Refusal(String reason, String message, boolean unstubbable, int exitCode) {
    Refusal(String reason, String message, boolean unstubbable) {
      this(reason, message, unstubbable, ExitCodes.INVALID_INPUT);
    }

    /** Null when Backplane refused as it must, otherwise what went wrong. */
    String check(int code, String stderr) {
      boolean refused = code == exitCode && stderr.contains(message);
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
    if (QEMU_CANNOT_BUILD.containsKey(name)) {
      return QEMU_CANNOT_BUILD.get(name);
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
