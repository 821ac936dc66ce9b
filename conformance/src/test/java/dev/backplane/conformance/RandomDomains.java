package dev.backplane.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Seeded random libvirt domains for the differential corpus ({@code corpus-random}): every device
 * kind the planner places, 1-60 devices, explicit PCI/SCSI/SATA/USB/virtio-serial controllers,
 * user addresses (PCI with multifunction, drive, USB, virtio-serial, CCW, zPCI, spapr-vio) and every
 * machine family. Mostly what libvirt 9.0 accepts, with a share of what it refuses (address
 * collisions, out-of-range units, a second video of the wrong model, ...), since refusals are
 * rules too. Case {@code n} of seed {@code s} depends on nothing else, so a case can be regenerated
 * alone; uuid and MAC addresses are fixed, so libvirt's output is byte-stable.
 *
 * <p>{@code main(DIR, SEED, COUNT)} writes {@code DIR/ARCH/FAMILY-NNNN.xml} for the five families
 * of corpus-random in a fixed cycle; {@code main(DIR, SEED, COUNT, ARCH)} cycles through the
 * families of one architecture instead (riscv64, i686, ppc64le).
 */
final class RandomDomains {
  /** The device mix a family draws from: the rules of one kind of machine. */
  enum Mix {
    Q35, PC, VIRT, PSERIES, S390;

    boolean x86() {
      return this == Q35 || this == PC;
    }

    /** PCIe machines: endpoints off bus 0 sit in slot 0 of a root or downstream port. */
    boolean pcie() {
      return this == Q35 || this == VIRT;
    }
  }

  /**
   * The machine families, each with its device mix, architecture, file prefix, uuid digit, random
   * stream (0 for the five recorded in corpus-random, so their cases stay as recorded) and machine
   * names (the first is the plain alias). The last four are the families of riscv64, i686 and ppc64le.
   */
  enum Family {
    Q35(Mix.Q35, "x86_64", "q35", 1, 0, "q35", "pc-q35-2.4", "pc-q35-2.12", "pc-q35-4.2", "pc-q35-5.2",
        "pc-q35-6.2", "pc-q35-7.2"),
    PC(Mix.PC, "x86_64", "pc", 1, 0, "pc", "pc-i440fx-2.0", "pc-i440fx-2.12", "pc-i440fx-4.2", "pc-i440fx-5.2",
        "pc-i440fx-6.2", "pc-i440fx-7.2"),
    VIRT(Mix.VIRT, "aarch64", "virt", 2, 0, "virt", "virt-2.6", "virt-4.2", "virt-6.2", "virt-7.2"),
    PSERIES(Mix.PSERIES, "ppc64", "pseries", 3, 0, "pseries", "pseries-4.2", "pseries-6.2", "pseries-7.2"),
    S390(Mix.S390, "s390x", "s390", 4, 0, "s390-ccw-virtio", "s390-ccw-virtio-4.2", "s390-ccw-virtio-6.2",
        "s390-ccw-virtio-7.2"),
    RISCV64_VIRT(Mix.VIRT, "riscv64", "virt", 5, 1, "virt"),
    I686_Q35(Mix.Q35, "i686", "q35", 6, 2, "q35", "pc-q35-2.4", "pc-q35-2.12", "pc-q35-4.2", "pc-q35-5.2",
        "pc-q35-6.2", "pc-q35-7.2"),
    I686_PC(Mix.PC, "i686", "pc", 6, 3, "pc", "pc-i440fx-2.0", "pc-i440fx-2.12", "pc-i440fx-4.2",
        "pc-i440fx-5.2", "pc-i440fx-6.2", "pc-i440fx-7.2"),
    PPC64LE_PSERIES(Mix.PSERIES, "ppc64le", "pseries", 7, 4, "pseries", "pseries-4.2", "pseries-6.2",
        "pseries-7.2");

    final Mix mix;
    final String arch;
    final String prefix;
    final int uuidDigit;
    final int stream;
    final String[] machines;

    Family(Mix mix, String arch, String prefix, int uuidDigit, int stream, String... machines) {
      this.mix = mix;
      this.arch = arch;
      this.prefix = prefix;
      this.uuidDigit = uuidDigit;
      this.stream = stream;
      this.machines = machines;
    }
  }

  /** Families in proportion to their rules: q35 30%, pc 25%, virt, pseries and s390x 15% each. */
  private static final Family[] CYCLE = {
      Family.Q35, Family.PC, Family.VIRT, Family.PSERIES, Family.S390, Family.Q35, Family.PC,
      Family.Q35, Family.PC, Family.VIRT, Family.PSERIES, Family.S390, Family.Q35, Family.PC,
      Family.Q35, Family.PC, Family.VIRT, Family.PSERIES, Family.S390, Family.Q35};

  private static final int MAX_DEVICES = 60;

  public static void main(String[] args) throws IOException {
    if (args.length != 3 && args.length != 4) {
      System.err.println("usage: RandomDomains DIR SEED COUNT [ARCH]");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    long seed = Long.parseLong(args[1]);
    int count = Integer.parseInt(args[2]);
    Family[] cycle = args.length == 3 ? CYCLE
        : Stream.of(Family.values()).filter(f -> f.arch.equals(args[3])).toArray(Family[]::new);
    if (cycle.length == 0) {
      System.err.println("RandomDomains: no family has architecture " + args[3]);
      System.exit(2);
    }
    for (int number = 1; number <= count; number++) {
      Family family = cycle[(number - 1) % cycle.length];
      Path file = dir.resolve(family.arch).resolve(name(family, number) + ".xml");
      Files.createDirectories(file.getParent());
      Files.writeString(file, generate(family, seed, number));
    }
  }

  static String name(Family family, int number) {
    return String.format("%s-%04d", family.prefix, number);
  }

  static String generate(Family family, long seed, int number) {
    Random random = new Random(caseSeed(seed, number) + family.stream * 0x9E3779B97F4A7C15L);
    return new RandomDomains(family, random, seed, number).domain();
  }

  /**
   * Mixed (SplitMix64's finalizer), since java.util.Random's first draws for nearby seeds are
   * nearly the same.
   */
  static long caseSeed(long seed, int number) {
    long z = seed * 1_000_003L + number + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private final Family family;
  private final Mix mix;
  private final Random random;
  private final long seed;
  private final int number;
  private final List<String> devices = new ArrayList<>();
  private final Set<String> usedPci = new HashSet<>();
  private final Set<Integer> usedSd = new HashSet<>();
  private final Set<String> usedDrives = new HashSet<>();
  private final Set<String> panics = new HashSet<>();
  private int vd;
  private int sd;
  private int hd;
  private int fd;
  private int nics;
  private int pciIndex = 1;
  private int scsiIndex;
  private int sataIndex;
  private int usbIndex;
  private int serialIndex;
  private int channels;
  private int filesystems;
  private int shmems;
  private int videos;
  private final Set<Integer> usedDevnos = new HashSet<>();
  private final Set<Integer> usedZpci = new HashSet<>();
  private final Set<Integer> usedUsbPorts = new HashSet<>();
  private boolean watchdog;
  private boolean balloon;
  private boolean vnc;
  private boolean spice;
  private boolean iommu;
  private boolean vsock;
  private boolean nvram;
  private boolean tpm;
  private boolean console;
  private boolean usbNone;
  private boolean usbUsed;
  private boolean conventionalBus;
  private boolean needsAcpi;
  private final boolean virtioMmio;
  /** Elements to add; picks that add several stay within it, so that a domain has at most 60. */
  private final int target;
  private boolean mmioGiven;

  private RandomDomains(Family family, Random random, long seed, int number) {
    this.family = family;
    this.mix = family.mix;
    this.random = random;
    this.seed = seed;
    this.number = number;
    this.virtioMmio = mix == Mix.VIRT && chance(0.1);
    this.target = 1 + random.nextInt(MAX_DEVICES - 2);
  }

  private String domain() {
    while (devices.size() < target) {
      add();
    }
    if (virtioMmio && !mmioGiven) {
      virtioDisk();
    }
    String machine = chance(0.6) || family.machines.length == 1 ? family.machines[0]
        : family.machines[1 + random.nextInt(family.machines.length - 1)];
    String name = name(family, number);
    StringBuilder xml = new StringBuilder("<domain type='qemu'>\n")
        .append("  <name>").append(name).append("</name>\n")
        .append(String.format("  <uuid>%d0000000-0000-4e00-8000-%04x%08x</uuid>%n", family.uuidDigit,
            seed & 0xffff, number))
        .append("  <memory unit='MiB'>1024</memory>\n  <vcpu>1</vcpu>\n")
        .append("  <os>\n    <type arch='").append(family.arch).append("' machine='").append(machine)
        .append("'>hvm</type>\n  </os>\n");
    if (needsAcpi && chance(0.85)) {
      xml.append("  <features>\n    <acpi/>\n  </features>\n");
    }
    xml.append("  <devices>\n");
    devices.forEach(d -> xml.append("    ").append(d.replaceFirst("^<(\\w+)([^<>]*)></\\1>$", "<$1$2/>")).append('\n'));
    return xml.append("  </devices>\n</domain>\n").toString();
  }

  /** One pick of the family's device mix (some picks add several elements). */
  private void add() {
    switch (weighted(14, 10, 7, 4, 3, 3, 2, 2, 3, 2, 1, 2, 2, 1, 1, 1, 2)) {
      case 0 -> disk();
      case 1 -> nic();
      case 2 -> controller();
      case 3 -> multifunction();
      case 4 -> serialOrConsole();
      case 5 -> channel();
      case 6 -> input();
      case 7 -> video();
      case 8 -> usbDevice();
      case 9 -> rng();
      case 10 -> memballoon();
      case 11 -> platformDevice();
      case 12 -> sound();
      case 13 -> filesystem();
      case 14 -> graphics(chance(0.5));
      case 15 -> vsockOrCrypto();
      default -> manySameBus();
    }
  }

  // ---- disks -------------------------------------------------------------------------------

  private void disk() {
    switch (mix) {
      case PC -> pick((Runnable) () -> virtioDisk(), 4, (Runnable) () -> sdDisk("sata"), 3, (Runnable) () -> sdDisk("scsi"), 4,
          (Runnable) () -> ideDisk(), 1, (Runnable) () -> usbDisk(), 1, (Runnable) () -> floppy(), 0.4);
      case Q35 -> pick((Runnable) () -> virtioDisk(), 4, (Runnable) () -> sdDisk("sata"), 3, (Runnable) () -> sdDisk("scsi"), 4,
          (Runnable) () -> usbDisk(), 1, (Runnable) () -> ideDisk(), 0.1, (Runnable) () -> floppy(), 0.3);
      case VIRT -> pick((Runnable) () -> virtioDisk(), 4, (Runnable) () -> sdDisk("scsi"), 4, (Runnable) () -> usbDisk(), 1,
          (Runnable) () -> sdDisk("sata"), 0.3);
      case PSERIES -> pick((Runnable) () -> virtioDisk(), 4, (Runnable) () -> sdDisk("scsi"), 4, (Runnable) () -> usbDisk(), 1);
      case S390 -> pick((Runnable) () -> virtioDisk(), 5, (Runnable) () -> sdDisk("scsi"), 4);
    }
  }

  private void virtioDisk() {
    String target = "vd" + letters(vd);
    vd += chance(0.1) ? 2 : 1;
    String model = mix != Mix.S390 && chance(0.08)
        ? " model='" + (chance(0.5) ? "virtio-transitional" : "virtio-non-transitional") + "'" : "";
    String address = "";
    if (virtioMmio && !mmioGiven) {
      address = "<address type='virtio-mmio'/>";
      mmioGiven = true;
    } else {
      address = virtioAddress();
    }
    devices.add("<disk type='file' device='disk'" + model + "><driver name='qemu' type='raw'/><source file='/i/"
        + target + ".img'/><target dev='" + target + "' bus='virtio'/>" + address + "</disk>");
  }

  /** A user address for a virtio device, or none (mostly). */
  private String virtioAddress() {
    return switch (mix) {
      case S390 -> chance(0.2) ? ccw() : chance(0.1) ? zpci() : "";
      default -> chance(0.15) ? pciAddress() : "";
    };
  }

  /** SCSI and SATA share the sd name space; sometimes a gap so that names like sdaa appear. */
  private void sdDisk(String bus) {
    if (chance(0.12)) {
      sd += 1 + random.nextInt(chance(0.3) ? 30 : 6);
    }
    while (usedSd.contains(sd)) {
      sd++;
    }
    int index = sd++;
    usedSd.add(index);
    String target = "sd" + letters(index);
    boolean cdrom = chance(0.15);
    String address = "";
    if (chance(0.15)) {
      address = sdDriveAddress(bus);
    }
    devices.add(diskElement(cdrom, target, bus, address));
  }

  /**
   * Mostly the address libvirt would give another, unused name (which is then kept free, so
   * that no address-less disk collides with it); sometimes anything, which libvirt may refuse.
   */
  private String sdDriveAddress(String bus) {
    int perController = bus.equals("scsi") ? 7 : 6;
    if (chance(0.05)) {
      return drive(random.nextInt(3), 0, bus.equals("scsi") && chance(0.3) ? 1 : 0, random.nextInt(perController + 1));
    }
    int other = random.nextInt(28);
    if (!usedSd.add(other)) {
      return "";
    }
    return drive(other / perController, 0, 0, other % perController);
  }

  private void ideDisk() {
    if (hd >= 4) {
      virtioDisk();
      return;
    }
    int index = hd++;
    String address = chance(0.15) ? drive(0, index / 2, 0, index % 2) : "";
    devices.add(diskElement(chance(0.3), "hd" + letters(index), "ide", address));
  }

  private void usbDisk() {
    if (usbNone) {
      virtioDisk();
      return;
    }
    int index = sd++;
    usedSd.add(index);
    devices.add(diskElement(false, "sd" + letters(index), "usb", usbAddress()));
  }

  private void floppy() {
    if (fd >= 2 || mix == Mix.Q35 && chance(0.5)) {
      virtioDisk();
      return;
    }
    devices.add("<disk type='file' device='floppy'><driver name='qemu' type='raw'/><source file='/i/fd"
        + fd + ".img'/><target dev='fd" + letters(fd++) + "' bus='fdc'/></disk>");
  }

  private String diskElement(boolean cdrom, String target, String bus, String address) {
    return cdrom
        ? "<disk type='file' device='cdrom'><driver name='qemu' type='raw'/><target dev='" + target + "' bus='"
            + bus + "'/><readonly/>" + address + "</disk>"
        : "<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='/i/" + target
            + ".img'/><target dev='" + target + "' bus='" + bus + "'/>" + address + "</disk>";
  }

  private static String drive(int controller, int bus, int target, int unit) {
    return "<address type='drive' controller='" + controller + "' bus='" + bus + "' target='" + target
        + "' unit='" + unit + "'/>";
  }

  // ---- network -----------------------------------------------------------------------------

  private void nic() {
    String model = switch (mix) {
      case PC, Q35 -> oneOf("virtio", "virtio", "virtio", "e1000", "e1000e", "rtl8139", null,
          "virtio-transitional", "virtio-non-transitional");
      case VIRT -> oneOf("virtio", "virtio", "virtio", "e1000e", "e1000", "rtl8139", null, "virtio-transitional");
      case PSERIES -> oneOf("virtio", "virtio", "spapr-vlan", "spapr-vlan", "e1000", "rtl8139", null);
      case S390 -> "virtio";
    };
    String address;
    if ("spapr-vlan".equals(model)) {
      address = chance(0.15) ? spaprVio() : "";
    } else if (model != null && model.startsWith("virtio")) {
      address = virtioAddress();
    } else {
      address = chance(0.15) ? pciAddress() : "";
    }
    devices.add(nicElement(model, address));
  }

  private String nicElement(String model, String address) {
    nics++;
    return String.format("<interface type='user'><mac address='52:54:00:%02x:%02x:%02x'/>%s%s</interface>",
        (number >> 8) & 0xff, number & 0xff, nics, model == null ? "" : "<model type='" + model + "'/>", address);
  }

  // ---- controllers -------------------------------------------------------------------------

  private void controller() {
    switch (mix) {
      case PC, Q35 -> pick((Runnable) () -> pciController(), 4, (Runnable) () -> scsiController(), 4, (Runnable) () -> usbController(), 3,
          (Runnable) () -> sataController(), 2, (Runnable) () -> virtioSerialController(), 2,
          (Runnable) () -> devices.add("<controller type='ide' index='0'/>"), mix == Mix.PC ? 0.5 : 0.05);
      case VIRT -> pick((Runnable) () -> pciController(), 4, (Runnable) () -> scsiController(), 4, (Runnable) () -> usbController(), 2,
          (Runnable) () -> virtioSerialController(), 2);
      case PSERIES -> pick((Runnable) () -> pciController(), 2, (Runnable) () -> scsiController(), 4, (Runnable) () -> usbController(), 2,
          (Runnable) () -> virtioSerialController(), 2);
      case S390 -> pick((Runnable) () -> scsiController(), 4, (Runnable) () -> virtioSerialController(), 2,
          (Runnable) () -> usbController(), 0.3);
    }
  }

  private void pciController() {
    switch (mix) {
      case PC -> pick((Runnable) () -> pciBridge(), 6, (Runnable) () -> pci("pci-expander-bus", ""), 0.5);
      case Q35 -> pick((Runnable) () -> rootPorts(), 6, (Runnable) () -> pcieSwitch(), 2, (Runnable) () -> {
        pci("dmi-to-pci-bridge", "");
        pciBridge();
      }, 1, (Runnable) () -> {
        pci("pcie-root-port", "");
        pci("pcie-to-pci-bridge", "");
        conventionalBus = true;
      }, 1, (Runnable) () -> pci("pcie-expander-bus", ""), 0.3, (Runnable) () -> pciBridge(), 0.2);
      case VIRT -> pick((Runnable) () -> rootPorts(), 6, (Runnable) () -> pcieSwitch(), 2, (Runnable) () -> {
        pci("pcie-root-port", "");
        pci("pcie-to-pci-bridge", "");
        conventionalBus = true;
      }, 1);
      case PSERIES -> pick((Runnable) () -> devices.add("<controller type='pci' index='" + pciIndex + "' model='pci-root'>"
          + "<model name='spapr-pci-host-bridge'/><target index='" + pciIndex++ + "'/></controller>"), 2,
          (Runnable) () -> pciBridge(), 2);
      case S390 -> { }
    }
  }

  private void pciBridge() {
    conventionalBus = true;
    pci("pci-bridge", chance(0.2) ? pciAddress() : "");
  }

  private void rootPorts() {
    int ports = upTo(1 + random.nextInt(4));
    for (int i = 0; i < ports; i++) {
      pci("pcie-root-port", chance(0.1) ? pciAddress(0) : "");
    }
  }

  private void pcieSwitch() {
    if (chance(0.7)) {
      pci("pcie-root-port", "");
    }
    pci("pcie-switch-upstream-port", "");
    int ports = upTo(1 + random.nextInt(4));
    for (int i = 0; i < ports; i++) {
      pci("pcie-switch-downstream-port", "");
    }
  }

  private void pci(String model, String address) {
    devices.add("<controller type='pci' index='" + pciIndex++ + "' model='" + model + "'>" + address
        + "</controller>");
  }

  private void scsiController() {
    String model = switch (mix) {
      case PC, Q35 -> oneOf("virtio-scsi", "virtio-scsi", "virtio-scsi", "lsilogic", "lsilogic", "lsisas1068",
          "lsisas1078", "vmpvscsi", "virtio-transitional", "virtio-non-transitional", null);
      case VIRT -> oneOf("virtio-scsi", "virtio-scsi", "virtio-scsi", "lsilogic", null);
      case PSERIES -> oneOf("ibmvscsi", "ibmvscsi", "virtio-scsi", "virtio-scsi", "lsilogic", null);
      case S390 -> oneOf("virtio-scsi", "virtio-scsi", "virtio-scsi", null);
    };
    if (chance(0.1)) {
      scsiIndex++;
    }
    String address = "";
    if ("ibmvscsi".equals(model) || mix == Mix.PSERIES && model == null) {
      address = chance(0.15) ? spaprVio() : "";
    } else if (mix == Mix.S390) {
      address = chance(0.2) ? ccw() : "";
    } else if (chance(0.15)) {
      address = pciAddress();
    }
    devices.add("<controller type='scsi' index='" + scsiIndex++ + "'" + modelAttribute(model) + ">" + address
        + "</controller>");
  }

  private void sataController() {
    String address = (sataIndex > 0 || mix == Mix.PC) && chance(0.1) ? pciAddress() : "";
    devices.add("<controller type='sata' index='" + sataIndex++ + "'>" + address + "</controller>");
  }

  private void usbController() {
    if (usbNone) {
      scsiController();
      return;
    }
    if (usbIndex == 0 && !usbUsed && chance(0.04)) {
      devices.add("<controller type='usb' index='0' model='none'/>");
      usbIndex++;
      usbNone = true;
      return;
    }
    String model = switch (mix) {
      case PC, Q35 -> oneOf("piix3-uhci", "piix4-uhci", "qemu-xhci", "qemu-xhci", "nec-xhci", "ich9-ehci1",
          "ich9-ehci1", "ich9-ehci1", "pci-ohci", null);
      case VIRT -> oneOf("qemu-xhci", "qemu-xhci", "qemu-xhci", "nec-xhci", null);
      case PSERIES -> oneOf("qemu-xhci", "qemu-xhci", "nec-xhci", "pci-ohci", null);
      case S390 -> "qemu-xhci";
    };
    int index = usbIndex++;
    if ("ich9-ehci1".equals(model) && upTo(4) == 4 && chance(0.85)) {
      devices.add("<controller type='usb' index='" + index + "' model='ich9-ehci1'/>");
      boolean implicitIndex = index == 0 && chance(0.3);
      for (int i = 1; i <= 3; i++) {
        devices.add("<controller type='usb'" + (implicitIndex ? "" : " index='" + index + "'")
            + " model='ich9-uhci" + i + "'/>");
      }
      return;
    }
    String ports = model != null && model.endsWith("xhci") && chance(0.3) ? " ports='" + (4 + random.nextInt(12))
        + "'" : "";
    String address = mix == Mix.S390 ? "" : chance(0.1) ? pciAddress() : "";
    devices.add("<controller type='usb' index='" + index + "'" + modelAttribute(model) + ports + ">" + address
        + "</controller>");
  }

  private void virtioSerialController() {
    String ports = chance(0.3) ? " ports='" + (2 + random.nextInt(30)) + "'" : "";
    devices.add("<controller type='virtio-serial' index='" + serialIndex++ + "'" + ports + ">" + virtioAddress()
        + "</controller>");
  }

  // ---- PCI: multifunction and many devices --------------------------------------------------

  /** 2-4 virtio disks and NICs sharing one slot, function 0 with multifunction='on'. */
  private void multifunction() {
    if (mix == Mix.S390) {
      virtioDisk();
      return;
    }
    int bus = mix.pcie() || chance(0.8) ? 0 : 1 + random.nextInt(2);
    int slot = freeSlot(bus);
    int functions = Math.max(2, upTo(2 + random.nextInt(3)));
    for (int f = 0; f < functions; f++) {
      usedPci.add(bus + ":" + slot + "." + f);
      String address = String.format("<address type='pci' domain='0x0000' bus='0x%02x' slot='0x%02x' "
          + "function='0x%x'%s/>", bus, slot, f, f == 0 && chance(0.95) ? " multifunction='on'" : "");
      if (chance(0.5)) {
        devices.add(nicElement("virtio", address));
      } else {
        String target = "vd" + letters(vd++);
        devices.add("<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='/i/" + target
            + ".img'/><target dev='" + target + "' bus='virtio'/>" + address + "</disk>");
      }
    }
  }

  /** Enough address-less devices of one kind to fill a bus (the rules at bus and controller limits). */
  private void manySameBus() {
    int count = upTo(5 + random.nextInt(14));
    boolean scsi = chance(0.6);
    for (int i = 0; i < count; i++) {
      if (scsi) {
        int index = sd++;
        usedSd.add(index);
        devices.add(diskElement(false, "sd" + letters(index), mix == Mix.PC && chance(0.3) ? "sata" : "scsi",
            ""));
      } else if (chance(0.5)) {
        devices.add(nicElement(mix == Mix.PSERIES && chance(0.3) ? "spapr-vlan" : "virtio", ""));
      } else {
        virtioDisk();
      }
    }
  }

  private String pciAddress() {
    int bus = chance(mix.pcie() ? 0.92 : 0.85) || mix.pcie() && conventionalBus ? 0 : 1 + random.nextInt(3);
    return pciAddress(bus);
  }

  private String pciAddress(int bus) {
    if (mix == Mix.S390) {
      return zpci();
    }
    if (bus > 0 && mix.pcie() && usedPci.contains(bus + ":0.0")) {
      bus = 0;
    }
    int slot = chance(0.01) && !usedPci.isEmpty() ? -1 : freeSlot(bus);
    if (slot < 0) { // a deliberate collision: libvirt refuses a double use
      String used = usedPci.iterator().next();
      String[] parts = used.split("[:.]");
      return String.format("<address type='pci' domain='0x0000' bus='0x%02x' slot='0x%02x' function='0x%s'/>",
          Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), parts[2]);
    }
    usedPci.add(bus + ":" + slot + ".0");
    return String.format("<address type='pci' domain='0x0000' bus='0x%02x' slot='0x%02x' function='0x0'/>",
        bus, slot);
  }

  private int freeSlot(int bus) {
    if (bus > 0 && mix.pcie()) {
      return 0;
    }
    int low = switch (mix) {
      case PC -> bus == 0 ? 3 : 1;
      case Q35 -> 2;
      default -> 1;
    };
    int high = mix == Mix.Q35 && bus == 0 ? 0x1e : 0x1f;
    for (int attempt = 0; attempt < 40; attempt++) {
      int slot = low + random.nextInt(high - low + 1);
      if (!usedPci.contains(bus + ":" + slot + ".0")) {
        return slot;
      }
    }
    return low;
  }

  private String ccw() {
    int ssid = chance(0.85) ? 0 : 1 + random.nextInt(3);
    int devno = chance(0.7) ? random.nextInt(0x30) : random.nextInt(0x10000);
    while (!usedDevnos.add(ssid * 0x10000 + devno) && chance(0.95)) {
      devno = (devno + 7) & 0xffff;
    }
    return String.format("<address type='ccw' cssid='0xfe' ssid='0x%x' devno='0x%04x'/>", ssid, devno);
  }

  private String zpci() {
    if (chance(0.4)) {
      return "<address type='pci'/>";
    }
    int uid = 1 + random.nextInt(chance(0.95) ? 0x40 : 0xffff);
    int fid = random.nextInt(0x40);
    if (chance(0.95)) { // uids and fids are unique (else a refusal)
      while (!usedZpci.add(uid)) {
        uid = 1 + uid % 0xfffe;
      }
      while (!usedZpci.add(-1 - fid)) {
        fid++;
      }
    }
    return String.format("<address type='pci'><zpci uid='0x%04x' fid='0x%08x'/></address>", uid, fid);
  }

  private String spaprVio() {
    return String.format("<address type='spapr-vio' reg='0x%x'/>", (1 + random.nextInt(12)) * 0x1000);
  }

  /** Makes sure a USB bus exists (virt has none by default), then mostly no address. */
  private String usbAddress() {
    if (!usbUsed && usbIndex == 0 && mix == Mix.VIRT && chance(0.95)) {
      usbController();
    }
    usbUsed = true;
    int port = 1 + random.nextInt(2);
    return chance(0.1) && usedUsbPorts.add(port) ? "<address type='usb' bus='0' port='" + port + "'/>" : "";
  }

  // ---- character devices -------------------------------------------------------------------

  private void serialOrConsole() {
    if (!console && chance(0.35)) {
      console = true;
      devices.add("<console type='pty'/>");
      return;
    }
    if (chance(0.2)) {
      console = true;
      devices.add("<console type='pty'><target type='virtio'/></console>");
      return;
    }
    String target = switch (mix) {
      case PC, Q35 -> oneOf("", "", "", "<target type='pci-serial'/>", "<target type='usb-serial'/>",
          "<target port='" + random.nextInt(4) + "'/>");
      case VIRT -> oneOf("", "", "<target type='pci-serial'/>");
      case PSERIES -> oneOf("", "", "", "<target type='pci-serial'/>", "<address type='spapr-vio' reg='0x30002000'/>");
      case S390 -> oneOf("", "<target type='sclp-serial'/>");
    };
    if (mix == Mix.PC && chance(0.15)) {
      devices.add("<parallel type='pty'/>");
      return;
    }
    devices.add("<serial type='pty'>" + target + "</serial>");
  }

  private void channel() {
    String address = chance(0.15) ? "<address type='virtio-serial' controller='0' bus='0' port='"
        + (1 + random.nextInt(6)) + "'/>" : "";
    if (channels == 0 && chance(0.4)) {
      channels++;
      devices.add("<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/>" + address
          + "</channel>");
      return;
    }
    if (spice && chance(0.2)) {
      devices.add("<channel type='spicevmc'><target type='virtio' name='com.redhat.spice.0'/>" + address
          + "</channel>");
      return;
    }
    devices.add("<channel type='pty'><target type='virtio' name='dev.backplane." + channels++ + "'/>" + address
        + "</channel>");
  }

  // ---- inputs, USB, video, sound -----------------------------------------------------------

  private void input() {
    String type = oneOf("tablet", "keyboard", "mouse");
    String bus = switch (mix) {
      case PC, Q35 -> oneOf("usb", "usb", "virtio", "virtio", "ps2");
      case VIRT, PSERIES -> oneOf("usb", "virtio");
      case S390 -> "virtio";
    };
    if (bus.equals("ps2") && type.equals("tablet")) {
      bus = "usb";
    }
    if (bus.equals("usb") && usbNone) {
      bus = "virtio";
    }
    String model = bus.equals("virtio") && mix != Mix.S390 && chance(0.03) ? " model='virtio-transitional'" : "";
    String address = bus.equals("usb") ? usbAddress() : bus.equals("virtio") ? virtioAddress() : "";
    devices.add("<input type='" + type + "' bus='" + bus + "'" + model + ">" + address + "</input>");
  }

  private void usbDevice() {
    if (usbNone || mix == Mix.S390) {
      input();
      return;
    }
    switch (weighted(3, 2, 2, 1, 1)) {
      case 0 -> devices.add("<hub type='usb'>" + usbAddress() + "</hub>");
      case 1 -> {
        ensureSpice();
        devices.add("<redirdev bus='usb' type='spicevmc'>" + usbAddress() + "</redirdev>");
      }
      case 2 -> devices.add("<input type='tablet' bus='usb'>" + usbAddress() + "</input>");
      case 3 -> {
        ensureSpice();
        devices.add("<smartcard mode='passthrough' type='spicevmc'/>");
      }
      default -> {
        if (mix.x86()) {
          devices.add("<sound model='usb'/>");
        } else {
          usbDisk();
        }
      }
    }
  }

  private void ensureSpice() {
    if (!spice && chance(0.95)) {
      graphics(true);
    }
  }

  private void graphics(boolean spiceWanted) {
    if (spiceWanted && !spice) {
      spice = true;
      devices.add("<graphics type='spice' autoport='yes'/>");
    } else if (!vnc) {
      vnc = true;
      devices.add("<graphics type='vnc' port='-1' autoport='yes'/>");
    } else {
      nic();
    }
  }

  private void video() {
    String model = switch (mix) {
      case PC, Q35 -> oneOf("vga", "cirrus", "bochs", "qxl", "qxl", "virtio", "none");
      case VIRT -> oneOf("virtio", "virtio", "vga", "ramfb");
      case PSERIES -> oneOf("vga", "vga", "virtio", "bochs");
      case S390 -> "virtio";
    };
    if (videos > 0) {
      model = chance(0.85) ? "qxl" : model;
      if (!mix.x86()) {
        model = "virtio";
      }
    }
    if (videos > 0 && (model.equals("none") || chance(0.3))) {
      nic();
      return;
    }
    videos++;
    String address = model.equals("none") ? "" : mix == Mix.S390 ? virtioAddress()
        : chance(0.1) ? pciAddress() : "";
    devices.add("<video><model type='" + model + "'/>" + address + "</video>");
  }

  private void sound() {
    String model = switch (mix) {
      case PC -> oneOf("ich9", "ich6", "ac97", "es1370", "sb16", "ich9");
      case Q35 -> oneOf("ich9", "ich9", "ich6", "ac97", "es1370");
      case VIRT -> oneOf("ich9", "ich6", "virtio-less");
      default -> null;
    };
    if (model == null || model.equals("virtio-less")) {
      rng();
      return;
    }
    devices.add("<sound model='" + model + "'>" + (chance(0.1) ? pciAddress() : "") + "</sound>");
  }

  // ---- the rest ----------------------------------------------------------------------------

  private void rng() {
    String model = mix != Mix.S390 && chance(0.1) ? "virtio-transitional" : "virtio";
    devices.add("<rng model='" + model + "'><backend model='random'>/dev/urandom</backend>" + virtioAddress()
        + "</rng>");
  }

  private void memballoon() {
    if (balloon) {
      rng();
      return;
    }
    balloon = true;
    String model = chance(0.2) ? "none" : mix != Mix.S390 && chance(0.1) ? "virtio-non-transitional" : "virtio";
    devices.add(model.equals("none") ? "<memballoon model='none'/>"
        : "<memballoon model='" + model + "'>" + virtioAddress() + "</memballoon>");
  }

  private void filesystem() {
    String model = mix != Mix.S390 && chance(0.15) ? " model='virtio-transitional'" : "";
    devices.add("<filesystem type='mount' accessmode='mapped'" + model + "><source dir='/srv/fs" + filesystems
        + "'/><target dir='fs" + filesystems++ + "'/>" + virtioAddress() + "</filesystem>");
  }

  private void vsockOrCrypto() {
    if (!vsock && chance(0.5)) {
      vsock = true;
      devices.add("<vsock model='virtio'><cid auto='no' address='" + (3 + number) + "'/>" + virtioAddress()
          + "</vsock>");
      return;
    }
    devices.add("<crypto model='virtio' type='qemu'><backend model='builtin' queues='1'/>" + virtioAddress()
        + "</crypto>");
  }

  /** Watchdogs, panic devices, IOMMUs, TPMs, shared memory, NVRAM: what each machine offers. */
  private void platformDevice() {
    switch (mix) {
      case PC, Q35 -> pick((Runnable) () -> watchdog(oneOf("i6300esb", "i6300esb", "ib700")), 2,
          (Runnable) () -> panic("isa"), 1,
          (Runnable) () -> iommu(mix == Mix.Q35 ? oneOf("intel", "virtio") : oneOf("virtio", "intel")),
          mix == Mix.Q35 ? 1 : 0.25,
          (Runnable) () -> tpm(oneOf("tpm-tis", "tpm-crb")), 1,
          (Runnable) () -> devices.add("<shmem name='shmem" + shmems++ + "'><model type='ivshmem-plain'/><size unit='M'>4"
              + "</size>" + (chance(0.15) ? pciAddress() : "") + "</shmem>"), 2);
      // libvirt 9.0 has no IOMMU for riscv64 virt (corpus/riscv64/riscv-virt-iommu-virtio): an rng instead
      case VIRT -> pick((Runnable) () -> {
        if (family == Family.RISCV64_VIRT) {
          rng();
        } else {
          iommu(oneOf("smmuv3", "virtio"));
        }
      }, 1, (Runnable) () -> tpm("tpm-tis"), 0.5,
          (Runnable) () -> devices.add("<shmem name='shmem" + shmems++ + "'><model type='ivshmem-plain'/><size unit='M'>4"
              + "</size></shmem>"), 1, (Runnable) () -> rng(), 1);
      case PSERIES -> pick((Runnable) () -> {
        if (nvram) {
          nic();
        } else {
          nvram = true;
          devices.add("<nvram>" + (chance(0.3) ? spaprVio() : "") + "</nvram>");
        }
      }, 3, (Runnable) () -> panic("pseries"), 1, (Runnable) () -> tpm("tpm-spapr"), 0.5,
          (Runnable) () -> watchdog("i6300esb"), 0.5);
      case S390 -> pick((Runnable) () -> watchdog("diag288"), 1,
          (Runnable) () -> panic("s390"), 1, (Runnable) () -> rng(), 2);
    }
  }

  private void watchdog(String model) {
    if (!watchdog || chance(0.1)) {
      watchdog = true;
      devices.add("<watchdog model='" + model + "' action='reset'/>");
    } else {
      rng();
    }
  }

  private void panic(String model) {
    if (panics.add(model) || chance(0.1)) {
      devices.add("<panic model='" + model + "'/>");
    } else {
      rng();
    }
  }

  private void iommu(String model) {
    if (iommu) {
      rng();
      return;
    }
    iommu = true;
    needsAcpi |= model.equals("virtio") && mix.x86();
    devices.add("<iommu model='" + model + "'/>");
  }

  private void tpm(String model) {
    if (tpm) {
      rng();
      return;
    }
    tpm = true;
    devices.add("<tpm model='" + model + "'><backend type='passthrough'><device path='/dev/tpm0'/></backend></tpm>");
  }

  // ---- randomness --------------------------------------------------------------------------

  private boolean chance(double p) {
    return random.nextDouble() < p;
  }

  @SafeVarargs
  private <T> T oneOf(T... options) {
    return options[random.nextInt(options.length)];
  }

  private int weighted(double... weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double x = random.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  /** Runs one of the actions, each followed by its weight. */
  private void pick(Object... actionsAndWeights) {
    double[] weights = new double[actionsAndWeights.length / 2];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = ((Number) actionsAndWeights[2 * i + 1]).doubleValue();
    }
    ((Runnable) actionsAndWeights[2 * weighted(weights)]).run();
  }

  /** {@code wanted}, or fewer so as not to pass the target (at least one). */
  private int upTo(int wanted) {
    return Math.max(1, Math.min(wanted, target - devices.size()));
  }

  private static String modelAttribute(String model) {
    return model == null ? "" : " model='" + model + "'";
  }

  /** libvirt's disk suffixes: a..z, aa..zz. */
  static String letters(int index) {
    return index < 26 ? String.valueOf((char) ('a' + index))
        : letters(index / 26 - 1) + (char) ('a' + index % 26);
  }
}
