package dev.backplane.conformance;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.backplane.adapters.libvirtxml.LibvirtXml;
import dev.backplane.core.Backplane;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.Domain;
import dev.backplane.core.model.InvalidDomainException;
import dev.backplane.core.model.Plan;
import dev.backplane.core.port.in.PlanTopologyCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of the recorded libvirt 9.0 corpora, the hand-written one ({@code corpus/ARCH}) and
 * the random one ({@code corpus-random/ARCH}, from {@link RandomDomains}): Backplane's controllers
 * and device addresses equal libvirt's, and where libvirt refused a domain Backplane refuses it too.
 */
class LibvirtConformanceTest {
  private static final Path CORPUS = Paths.get("corpus");
  private static final Path RANDOM_CORPUS = Paths.get("corpus-random");
  private static final Path STRANGE_CORPUS = Paths.get("corpus-strange");
  private static final Path WIDE_CORPUS = Paths.get("corpus-wide");
  private static final Path DEEP_CORPUS = Paths.get("corpus-deep");
  private static final Path ADDRESS_TYPES_CORPUS = Paths.get("corpus-address-types");
  private static final Path EDGE_CORPUS = Paths.get("corpus-edge");
  private static final Path USER_ADDRESS_CORPUS = Paths.get("corpus-useraddr");
  private static final Path MANAGERS_CORPUS = Paths.get("corpus-managers");
  private static final String[] ARCHES = {"x86_64", "aarch64", "ppc64", "s390x", "i686", "ppc64le", "riscv64"};
  /** The architectures a held-out corpus may hold: those of the corpora, and armv7l. */
  private static final String[] HELD_OUT_ARCHES = {"x86_64", "aarch64", "ppc64", "s390x", "i686", "ppc64le", "riscv64", "armv7l"};
  /** The architectures of the strange and address-types corpora. */
  private static final String[] STRANGE_ARCHES = {"x86_64", "aarch64", "ppc64", "s390x"};

  private static final Backplane BACKPLANE = Backplane.builder().build();

  /**
   * Cases where Backplane deliberately differs from libvirt 9.0, with the reason. Each is
   * still checked: Backplane must refuse it.
   */
  private static final Map<String, String> REFUSED_ON_PURPOSE = Map.of(
      "x86_64/pc-conflict-piix3-ide",
      "QEMU builds piix3-ide at 00:01.1 even with -nodefaults, so a device there cannot start");

  /**
   * Cases where Backplane still answers otherwise than libvirt 9.0 because core's planner lacks
   * the rule, with the rule. Each is checked: Backplane must give the opposite answer (refuse what
   * libvirt accepted, accept what it refused), so the entry fails, and must go, once core learns
   * the rule.
   */
  private static final Map<String, String> CORE_GAPS = Map.of();

  @TestFactory
  Stream<DynamicTest> handWritten() {
    return generated(CORPUS, 15, ARCHES);
  }

  @TestFactory
  Stream<DynamicTest> random() {
    return generated(RANDOM_CORPUS, 150, ARCHES);
  }

  /** Big, controller-heavy domains with partial user addresses, from another generator. */
  @TestFactory
  Stream<DynamicTest> strange() {
    return generated(STRANGE_CORPUS, 100, STRANGE_ARCHES);
  }

  /**
   * Deep domains from a third generator (many SCSI/SATA/USB/virtio-serial controllers, PCI
   * topologies, host devices). Its known gaps ({@code corpus-wide/known-gaps.tsv}) are checked to
   * still differ from libvirt, so that each fix removes a line.
   */
  @TestFactory
  Stream<DynamicTest> wide() {
    return withKnownGaps(WIDE_CORPUS, 20);
  }

  /**
   * Domains as management tools write them, slips included, from a fourth generator
   * ({@code corpus-deep/deep-domains.py}): user addresses of every type, controllers written
   * after their devices, aliases, boot orders. Known gaps as for {@link #wide()}.
   */
  @TestFactory
  Stream<DynamicTest> deep() {
    return withKnownGaps(DEEP_CORPUS, 50);
  }

  /**
   * Every device kind with every address type, one device per domain, on q35, pc, virt, pseries
   * and s390-ccw-virtio ({@code corpus-address-types/gen-address-types.py}): which address types
   * libvirt refuses, replaces or reads as another. Known gaps as for {@link #wide()}.
   */
  @TestFactory
  Stream<DynamicTest> addressTypes() {
    return withKnownGaps(ADDRESS_TYPES_CORPUS, 200, STRANGE_ARCHES);
  }

  /**
   * Domains that fill each bus to its last unit, port or slot and go one past it, from a fifth
   * generator ({@code corpus-edge/edge-domains.py}). Known gaps as for {@link #wide()}.
   */
  @TestFactory
  Stream<DynamicTest> edge() {
    return withKnownGaps(EDGE_CORPUS, 50);
  }

  /**
   * Domains where many devices and controllers already carry addresses, full, partial, in
   * multifunction groups, on buses written later or not at all, from a sixth generator
   * ({@code corpus-useraddr/useraddr-domains.py}). Known gaps as for {@link #wide()}.
   */
  @TestFactory
  Stream<DynamicTest> userAddresses() {
    return withKnownGaps(USER_ADDRESS_CORPUS, 15);
  }

  /**
   * Domains shaped like what VM managers write (Nova, oVirt, Proxmox VE's device set, KubeVirt,
   * virt-install, GNOME Boxes), grown to 20..60 devices and mutated, a share of them with the
   * addresses a previous define left, from a seventh generator
   * ({@code corpus-managers/managers-domains.py}). Known gaps as for {@link #wide()}.
   */
  @TestFactory
  Stream<DynamicTest> managers() {
    return withKnownGaps(MANAGERS_CORPUS, 30);
  }

  /**
   * A corpus kept outside the repository ({@code -Dconformance.heldOut=DIR}, with ARCH
   * subdirectories recorded by {@code corpus/record.sh}): a held-out check of the rules on cases
   * no fix has seen. Without the property there is nothing to check.
   */
  @TestFactory
  Stream<DynamicTest> heldOut() {
    String dir = System.getProperty("conformance.heldOut");
    if (dir == null || dir.isBlank()) {
      return Stream.empty();
    }
    Path corpus = Paths.get(dir);
    return generated(corpus, 0, Stream.of(HELD_OUT_ARCHES).filter(a -> Files.isDirectory(corpus.resolve(a)))
        .toArray(String[]::new));
  }

  /** One test per case; a case listed in the corpus's {@code known-gaps.tsv} must still differ. */
  private Stream<DynamicTest> withKnownGaps(Path corpus, int minimum) {
    return withKnownGaps(corpus, minimum, ARCHES);
  }

  private Stream<DynamicTest> withKnownGaps(Path corpus, int minimum, String[] arches) {
    Map<String, String> gaps = knownGaps(corpus.resolve("known-gaps.tsv"));
    return Stream.of(arches).flatMap(arch -> inputs(corpus.resolve(arch), minimum).stream().map(input -> {
      String id = arch + "/" + name(input);
      return DynamicTest.dynamicTest(id, () -> {
        if (gaps.containsKey(id)) {
          assertThrows(AssertionError.class, () -> check(id, input),
              id + " is answered as libvirt does now: remove it from known-gaps.tsv (" + gaps.get(id) + ")");
        } else {
          check(id, input);
        }
      });
    }));
  }

  /** {@code id -> reason} from a known-gaps file: tab-separated id, kind, reason; # comments. */
  private static Map<String, String> knownGaps(Path file) {
    try (Stream<String> lines = Files.lines(file)) {
      return lines.filter(l -> !l.isBlank() && !l.startsWith("#")).map(l -> l.split("\t", 3))
          .collect(Collectors.toMap(f -> f[0], f -> f[1] + ": " + (f.length > 2 ? f[2] : "")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One test per case of {@code corpus}, per architecture; each directory holds at least {@code minimum}. */
  private Stream<DynamicTest> generated(Path corpus, int minimum, String[] arches) {
    return Stream.of(arches).flatMap(arch -> {
      List<Path> inputs = inputs(corpus.resolve(arch), minimum);
      return inputs.stream().map(input -> {
        String id = arch + "/" + name(input);
        return DynamicTest.dynamicTest(id, () -> check(id, input));
      });
    });
  }

  /** The inputs of one corpus directory, in name order; at least {@code minimum}. */
  private static List<Path> inputs(Path dir, int minimum) {
    List<Path> inputs;
    try (Stream<Path> files = Files.list(dir)) {
      inputs = files.filter(p -> p.toString().endsWith(".xml") && !p.toString().endsWith(".libvirt.xml"))
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertTrue(inputs.size() >= minimum, "corpus " + dir + " has only " + inputs.size() + " cases");
    return inputs;
  }

  private static String name(Path input) {
    return input.getFileName().toString().replace(".xml", "");
  }

  private void check(String id, Path input) throws IOException {
    Path expected = Paths.get(input.toString().replace(".xml", ".libvirt.xml"));
    Path refused = Paths.get(input.toString().replace(".xml", ".err"));
    if (CORE_GAPS.containsKey(id)) {
      String gap = id + " is answered as libvirt does now: remove it from CORE_GAPS (" + CORE_GAPS.get(id) + ")";
      if (Files.exists(refused)) {
        assertDoesNotThrow(() -> BACKPLANE.plan(new PlanTopologyCommand(read(input))), gap);
      } else {
        assertThrows(InvalidDomainException.class, () -> BACKPLANE.plan(new PlanTopologyCommand(read(input))), gap);
      }
      return;
    }
    if (Files.exists(refused) || REFUSED_ON_PURPOSE.containsKey(id)) {
      InvalidDomainException e = assertThrows(InvalidDomainException.class,
          () -> BACKPLANE.plan(new PlanTopologyCommand(read(input))),
          () -> "libvirt refused " + id + ": " + (Files.exists(refused) ? text(refused) : REFUSED_ON_PURPOSE.get(id)));
      assertTrue(e.fix() != null && !e.fix().isBlank(), "refusal names a fix: " + e.getMessage());
      return;
    }
    Plan plan;
    try {
      plan = BACKPLANE.plan(new PlanTopologyCommand(read(input)));
    } catch (InvalidDomainException e) {
      fail(id + ": libvirt accepted it, Backplane refused: " + e.getMessage(), e);
      return;
    }
    Domain libvirt = read(expected);
    assertEquals(summary(libvirt.devices()), summary(plan.devices()), id);
  }

  private static String text(Path p) {
    try {
      return Files.readString(p).trim();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Domain read(Path p) throws IOException {
    return LibvirtXml.read(Files.readAllBytes(p), p.toString()).domain();
  }

  /**
   * Controllers in list order, then every other kind's devices in list order: each with every
   * field the libvirt adapter reads (type, model, bus, target, index, address, and the attributes:
   * model names, chassis and ports, target types and ports, primary video, zPCI ids, ...).
   */
  static String summary(List<Device> devices) {
    List<String> lines = new ArrayList<>();
    devices.stream().filter(d -> d.kind() == DeviceKind.CONTROLLER)
        .forEach(c -> lines.add("controller " + c.type() + " " + c.index() + " " + c.model()
            + " " + c.address() + zpci(c) + " " + attributes(c)));
    Map<DeviceKind, List<String>> byKind = new EnumMap<>(DeviceKind.class);
    for (Device d : devices) {
      if (d.kind() == DeviceKind.CONTROLLER || d.kind() == DeviceKind.GRAPHICS
          || d.kind() == DeviceKind.AUDIO) {
        continue;
      }
      byKind.computeIfAbsent(d.kind(), k -> new ArrayList<>())
          .add(d.kind().element() + " " + (d.type() == null ? "" : d.type() + " ")
              + (d.model() == null ? "" : d.model() + " ") + "bus=" + bus(d) + " target=" + d.target()
              + " index=" + d.index() + " " + d.address() + zpci(d) + " " + attributes(d));
    }
    byKind.values().forEach(lines::addAll);
    return String.join("\n", lines);
  }

  /** An input on no bus: the planner says none (the catalog's word), libvirt writes no bus. */
  private static String bus(Device d) {
    return d.kind() == DeviceKind.INPUT && "none".equals(d.bus()) ? null : d.bus();
  }

  /** The attributes by name, zPCI ids aside (compared as numbers). */
  private static String attributes(Device d) {
    Map<String, String> sorted = new TreeMap<>(d.attributes());
    sorted.remove(Device.ZPCI_UID);
    sorted.remove(Device.ZPCI_FID);
    return sorted.toString();
  }

  /** s390 zPCI ids, compared as numbers. */
  private static String zpci(Device d) {
    String uid = d.attribute(Device.ZPCI_UID);
    String fid = d.attribute(Device.ZPCI_FID);
    return uid == null && fid == null ? ""
        : " zpci " + (uid == null ? "-" : Long.decode(uid)) + "/" + (fid == null ? "-" : Long.decode(fid));
  }
}
