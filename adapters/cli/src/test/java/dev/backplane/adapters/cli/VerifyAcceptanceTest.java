package dev.backplane.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * QEMU builds what Backplane plans: {@code backplane verify} (through {@link Main#run}, in
 * process) must report every device where the plan put it, for every accepted corpus domain
 * (x86_64, aarch64, ppc64, s390x, i686, ppc64le, riscv64) and for {@value #RANDOM_DOMAINS} random domains per machine
 * family (pc, q35, aarch64 virt, pseries, s390-ccw-virtio).
 *
 * <p>Random domains are seeded and reproducible: each test's name and failure message carry its
 * seed, and {@code -Dbackplane.verify.seed=N} changes the base seed for a fresh sample. Two QEMUs
 * run at a time (the machine has two cores). Without the architecture's {@code qemu-system-*}
 * the tests are skipped, unless {@code CI=true}.
 */
@Tag("qemu")
class VerifyAcceptanceTest {
  private static final int PARALLEL = 2;
  private static final long TIMEOUT_SECONDS = 60;
  private static final int RANDOM_DOMAINS = 200;
  private static final int MAX_DEVICES = 60;
  private static final long BASE_SEED = Long.getLong("backplane.verify.seed", 0x5eed_0b5e_2024L);

  @TestFactory
  Stream<DynamicTest> everyAcceptedX86CorpusDomainIsBuiltAsPlanned() throws IOException {
    return corpus("x86_64", 140);
  }

  @TestFactory
  Stream<DynamicTest> everyAcceptedAarch64CorpusDomainIsBuiltAsPlanned() throws IOException {
    return corpus("aarch64", 18);
  }

  @TestFactory
  Stream<DynamicTest> everyAcceptedPpc64CorpusDomainIsBuiltAsPlanned() throws IOException {
    return corpus("ppc64", 18);
  }

  @TestFactory
  Stream<DynamicTest> everyAcceptedS390xCorpusDomainIsBuiltAsPlanned() throws IOException {
    return corpus("s390x", 18);
  }

  @TestFactory
  Stream<DynamicTest> everyAcceptedI686CorpusDomainIsBuiltAsPlanned() throws IOException {
    return corpus("i686", 20);
  }

  @TestFactory
  Stream<DynamicTest> everyAcceptedPpc64leCorpusDomainIsBuiltAsPlanned() throws IOException {
    return corpus("ppc64le", 16);
  }

  @TestFactory
  Stream<DynamicTest> everyAcceptedRiscv64CorpusDomainIsBuiltAsPlanned() throws IOException {
    return corpus("riscv64", 20);
  }

  /**
   * The architectures added last have no random generator here: every generated domain libvirt
   * accepted (conformance's corpus-random) stands in for one.
   */
  @TestFactory
  Stream<DynamicTest> recordedRandomI686Ppc64leRiscv64DomainsAreBuiltAsPlanned() throws IOException {
    List<Path> inputs = new ArrayList<>();
    for (String arch : List.of("i686", "ppc64le", "riscv64")) {
      AcceptanceCorpus.requireQemu(arch);
      List<Path> all = AcceptanceCorpus.accepted(AcceptanceCorpus.RANDOM, arch);
      assertTrue(all.size() >= 200, "only " + all.size() + " accepted random " + arch + " cases");
      inputs.addAll(all);
    }
    return checkAll(inputs);
  }

  private Stream<DynamicTest> corpus(String arch, int atLeast) throws IOException {
    AcceptanceCorpus.requireQemu(arch);
    List<Path> inputs = AcceptanceCorpus.accepted(arch);
    assertTrue(inputs.size() >= atLeast, "only " + inputs.size() + " accepted " + arch + " cases");
    return checkAll(inputs);
  }

  private Stream<DynamicTest> checkAll(List<Path> inputs) {
    Map<String, Future<String>> failures = new LinkedHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
    try {
      for (Path input : inputs) {
        failures.put(AcceptanceCorpus.name(input), pool.submit(() -> checkCorpusCase(input)));
      }
    } finally {
      pool.shutdown();
    }
    return tests(failures);
  }

  @TestFactory
  Stream<DynamicTest> randomPcDomainsAreBuiltAsPlanned() {
    return randomDomains("x86_64", "pc", 1, random -> RandomDomain.generate("pc", random));
  }

  @TestFactory
  Stream<DynamicTest> randomQ35DomainsAreBuiltAsPlanned() {
    return randomDomains("x86_64", "q35", 2, random -> RandomDomain.generate("q35", random));
  }

  @TestFactory
  Stream<DynamicTest> randomVirtDomainsAreBuiltAsPlanned() {
    return randomDomains("aarch64", "virt", 3, random -> OtherArchDomains.generate("aarch64", random));
  }

  @TestFactory
  Stream<DynamicTest> randomPseriesDomainsAreBuiltAsPlanned() {
    return randomDomains("ppc64", "pseries", 4, random -> OtherArchDomains.generate("ppc64", random));
  }

  @TestFactory
  Stream<DynamicTest> randomS390DomainsAreBuiltAsPlanned() {
    return randomDomains("s390x", "s390-ccw-virtio", 5,
        random -> OtherArchDomains.generate("s390x", random));
  }

  private Stream<DynamicTest> randomDomains(String arch, String machine, int family,
      java.util.function.Function<Random, String> generator) {
    AcceptanceCorpus.requireQemu(arch);
    Map<String, Future<String>> failures = new LinkedHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
    try {
      for (int i = 0; i < RANDOM_DOMAINS; i++) {
        long seed = BASE_SEED + 1_000L * family + i;
        String xml = generator.apply(new Random(seed));
        String name = String.format("%s %03d (seed %d)", machine, i, seed);
        failures.put(name, pool.submit(() -> checkRandomDomain(name, xml)));
      }
    } finally {
      pool.shutdown();
    }
    return tests(failures);
  }

  // --- checks (null when the case behaves, otherwise what went wrong) -----------------------

  private static String checkCorpusCase(Path input) throws IOException {
    String name = AcceptanceCorpus.name(input);
    String xml = Files.readString(input);
    CliRun r = verify(input.toString(), "");
    AcceptanceCorpus.Refusal refusal = AcceptanceCorpus.refusal(name, xml);
    String stubbable = AcceptanceCorpus.withoutUnstubbable(xml);
    if (refusal != null && !refusal.unstubbable() && !stubbable.equals(xml)) {
      r = verify("-", stubbable); // the reason QEMU cannot build it, not the missing host resource
    }
    if (refusal != null) {
      String failure = refusal.check(r.code(), r.err());
      if (failure != null || !refusal.unstubbable()) {
        return failure == null ? null : name + ": " + failure;
      }
      // the rest of the domain (transitional devices, say) is still checked
      CliRun rest = verify("-", AcceptanceCorpus.withoutUnstubbable(xml));
      return rest.code() == ExitCodes.OK ? null : name + " without its "
          + String.join("/", AcceptanceCorpus.NOT_STUBBABLE.keySet()) + " elements: " + difference(rest);
    }
    if (r.code() == ExitCodes.OK && r.out().isBlank() && !r.err().contains("no device has")) {
      return name + ": verify checked no device";
    }
    return r.code() == ExitCodes.OK ? null : name + ": " + difference(r);
  }

  private static String checkRandomDomain(String name, String xml) {
    CliRun r = verify("-", xml);
    long devices = xml.lines().filter(l -> l.startsWith("    <")).count();
    long checked = r.out().lines().count();
    if (r.code() == ExitCodes.OK && checked >= devices) {
      return null;
    }
    if (r.code() == ExitCodes.OK) {
      return name + ": verify checked " + checked + " devices, but the domain has " + devices
          + "\n" + r.out() + "domain:\n" + xml;
    }
    return name + ": " + difference(r) + "\nrerun this sample with -Dbackplane.verify.seed=" + BASE_SEED
        + "\ndomain:\n" + xml;
  }

  /** The devices QEMU placed differently (device, planned, QEMU), and verify's summary. */
  private static String difference(CliRun r) {
    String wrong = r.out().lines().filter(l -> !l.startsWith("ok ")).map(l -> "  " + l)
        .collect(Collectors.joining("\n"));
    return "verify exited " + r.code() + ": " + r.err().strip() + (wrong.isEmpty() ? "" : "\n" + wrong);
  }

  private static CliRun verify(String file, String stdin) {
    return CliRun.of(stdin, "verify", file);
  }

  // --- plumbing ---------------------------------------------------------------------------

  private static Stream<DynamicTest> tests(Map<String, Future<String>> failures) {
    long limit = TIMEOUT_SECONDS * failures.size();
    return failures.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
      String failure = e.getValue().get(limit, TimeUnit.SECONDS);
      if (failure != null) {
        fail(failure);
      }
    }));
  }

  /**
   * Random x86 domains of the devices libvirt users write most, all of which QEMU can build with
   * null backends: NICs (virtio, e1000, e1000e, rtl8139, virtio-transitional), virtio, SATA and
   * SCSI disks, USB tablets, virtio-rng, qxl/virtio/vga video, ich9/ac97 sound, virtio-serial
   * with channels, qemu-xhci/nec-xhci, lsilogic/virtio-scsi, i6300esb, memballoon, and explicit
   * pci-bridge (both) and pcie-root-port (q35) controllers. Rules libvirt enforces are kept: one
   * watchdog and one memballoon, vga only as the primary video.
   */
  static final class RandomDomain {
    enum Spec {
      VIRTIO_NIC, E1000_NIC, E1000E_NIC, RTL8139_NIC, TRANSITIONAL_NIC,
      VIRTIO_DISK, SATA_DISK, SCSI_DISK, USB_TABLET, VIRTIO_RNG,
      QXL_VIDEO, VIRTIO_VIDEO, VGA_VIDEO, ICH9_SOUND, AC97_SOUND,
      VIRTIO_SERIAL, VIRTIO_CHANNEL, QEMU_XHCI, NEC_XHCI, LSILOGIC, VIRTIO_SCSI,
      WATCHDOG, MEMBALLOON, PCI_BRIDGE, PCIE_ROOT_PORT
    }

    private RandomDomain() {}

    static String generate(String machine, Random random) {
      Spec[] all = Spec.values();
      int count = 1 + random.nextInt(MAX_DEVICES);
      List<Spec> specs = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        specs.add(all[random.nextInt(all.length)]);
      }
      return xml(machine, normalise(machine, specs), random.nextBoolean());
    }

    /**
     * At most this many SCSI disks, named sda.. before the SATA disks: libvirt derives a SCSI
     * disk's unit from its name (sdh, the 8th, gets unit 8, as unit 7 is the controller's), and
     * QEMU's lsi53c895a, the default controller, takes scsi-id 0..7 only. libvirt 9.0 does not
     * check this, so such a domain does not start under libvirt either; Backplane's qemu-args
     * refuses it (QemuArgsTest).
     */
    private static final int SCSI_DISKS = 7;

    /**
     * What breaks one of libvirt's rules becomes a virtio NIC; SCSI disks beyond
     * {@link #SCSI_DISKS} become SATA disks.
     */
    private static List<Spec> normalise(String machine, List<Spec> specs) {
      List<Spec> result = new ArrayList<>();
      boolean video = false;
      boolean watchdog = false;
      boolean balloon = false;
      int scsiDisks = 0;
      for (Spec s : specs) {
        if (s == Spec.SCSI_DISK && ++scsiDisks > SCSI_DISKS) {
          result.add(Spec.SATA_DISK);
          continue;
        }
        boolean ok = switch (s) {
          case WATCHDOG -> !watchdog;
          case MEMBALLOON -> !balloon;
          case VGA_VIDEO -> !video;
          case PCIE_ROOT_PORT -> machine.equals("q35");
          default -> true;
        };
        watchdog |= s == Spec.WATCHDOG;
        balloon |= s == Spec.MEMBALLOON;
        video |= s == Spec.QXL_VIDEO || s == Spec.VIRTIO_VIDEO || s == Spec.VGA_VIDEO;
        result.add(ok ? s : Spec.VIRTIO_NIC);
      }
      return result;
    }

    /**
     * The domain XML. Explicit PCI controllers get indexes from 1 up (an unindexed one would get
     * index 0, as in libvirt, and be refused). On q35 a pci-bridge needs a conventional PCI bus
     * with a lower index, which libvirt does not add by itself: the first one is preceded by a
     * dmi-to-pci-bridge or, when {@code pcieToPci}, by a pcie-root-port and a pcie-to-pci-bridge.
     */
    private static String xml(String machine, List<Spec> specs, boolean pcieToPci) {
      StringBuilder devices = new StringBuilder();
      int vd = 0;
      int scsi = 0;
      int sd = (int) specs.stream().filter(s -> s == Spec.SCSI_DISK).count();
      boolean conventionalBus = machine.equals("pc");
      int channel = 0;
      int pciIndex = 1;
      for (Spec s : specs) {
        if (s == Spec.PCI_BRIDGE && !conventionalBus) {
          if (pcieToPci) {
            devices.append("    ").append(pci(pciIndex++, "pcie-root-port")).append('\n');
            devices.append("    ").append(pci(pciIndex++, "pcie-to-pci-bridge")).append('\n');
          } else {
            devices.append("    ").append(pci(pciIndex++, "dmi-to-pci-bridge")).append('\n');
          }
          conventionalBus = true;
        }
        devices.append("    ").append(switch (s) {
          case VIRTIO_NIC -> nic("virtio");
          case E1000_NIC -> nic("e1000");
          case E1000E_NIC -> nic("e1000e");
          case RTL8139_NIC -> nic("rtl8139");
          case TRANSITIONAL_NIC -> nic("virtio-transitional");
          case VIRTIO_DISK -> disk("vd" + letters(vd++), "virtio");
          case SATA_DISK -> disk("sd" + letters(sd++), "sata");
          case SCSI_DISK -> disk("sd" + letters(scsi++), "scsi");
          case USB_TABLET -> "<input type='tablet' bus='usb'/>";
          case VIRTIO_RNG -> "<rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>";
          case QXL_VIDEO -> "<video><model type='qxl'/></video>";
          case VIRTIO_VIDEO -> "<video><model type='virtio'/></video>";
          case VGA_VIDEO -> "<video><model type='vga'/></video>";
          case ICH9_SOUND -> "<sound model='ich9'/>";
          case AC97_SOUND -> "<sound model='ac97'/>";
          case VIRTIO_SERIAL -> "<controller type='virtio-serial'/>";
          case VIRTIO_CHANNEL -> "<channel type='pty'><target type='virtio' name='dev.backplane.channel"
              + channel++ + "'/></channel>";
          case QEMU_XHCI -> "<controller type='usb' model='qemu-xhci'/>";
          case NEC_XHCI -> "<controller type='usb' model='nec-xhci'/>";
          case LSILOGIC -> "<controller type='scsi' model='lsilogic'/>";
          case VIRTIO_SCSI -> "<controller type='scsi' model='virtio-scsi'/>";
          case WATCHDOG -> "<watchdog model='i6300esb' action='reset'/>";
          case MEMBALLOON -> "<memballoon model='virtio'/>";
          case PCI_BRIDGE -> pci(pciIndex++, "pci-bridge");
          case PCIE_ROOT_PORT -> pci(pciIndex++, "pcie-root-port");
        }).append('\n');
      }
      return "<domain type='qemu'>\n"
          + "  <name>random-" + machine + "</name>\n"
          + "  <memory unit='MiB'>512</memory>\n"
          + "  <vcpu>1</vcpu>\n"
          + "  <os><type arch='x86_64' machine='" + machine + "'>hvm</type></os>\n"
          + "  <devices>\n" + devices + "  </devices>\n"
          + "</domain>\n";
    }

    private static String pci(int index, String model) {
      return "<controller type='pci' index='" + index + "' model='" + model + "'/>";
    }

    private static String nic(String model) {
      return "<interface type='user'><model type='" + model + "'/></interface>";
    }

    private static String disk(String target, String bus) {
      return "<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='/images/"
          + target + ".img'/><target dev='" + target + "' bus='" + bus + "'/></disk>";
    }

    /** libvirt's disk suffixes: a..z, aa..zz. */
    private static String letters(int index) {
      return index < 26 ? String.valueOf((char) ('a' + index))
          : letters(index / 26 - 1) + (char) ('a' + index % 26);
    }
  }
}
