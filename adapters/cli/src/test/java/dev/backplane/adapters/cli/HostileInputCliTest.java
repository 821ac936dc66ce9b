package dev.backplane.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input that used to reach an internal error (exit 4), or was planned although libvirt
 * refuses it: each answers exit 1 with exactly one {@code backplane: } line, quickly.
 */
class HostileInputCliTest {

  private static String domain(String os, String devices) {
    return "<domain type='qemu'>\n  <name>t</name>\n  <memory>524288</memory>\n" + os
        + "\n  <devices>\n" + devices + "\n  </devices>\n</domain>\n";
  }

  private static String q35(String devices) {
    return domain("  <os><type arch='x86_64' machine='q35'>hvm</type></os>", devices);
  }

  /** Runs {@code plan -} on {@code xml}; asserts exit 1, one stderr line, no output, and the time. */
  private static String refused(String xml, Duration limit) {
    return refused(xml, limit, "plan", "-");
  }

  private static String refused(String xml, Duration limit, String... args) {
    long start = System.nanoTime();
    CliRun run = CliRun.of(xml, args);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertEquals(1, run.code(), run.err());
    assertEquals("", run.out());
    assertTrue(run.err().startsWith("backplane: ") && run.err().indexOf('\n') == run.err().length() - 1,
        "not exactly one line: " + run.err());
    assertTrue(took.compareTo(limit) < 0, "took " + took.toMillis() + " ms");
    return run.err();
  }

  @Test
  void usbPortsThatAreNotANumberAreRefusedAsLibvirtRefusesThem() {
    String err = refused(q35("    <controller type='usb' model='qemu-xhci' ports='many'/>"), Duration.ofSeconds(5));

    assertTrue(err.contains("<controller> #1 (line 6)") && err.contains("ports='many'"), err);
  }

  @Test
  void aCcidAddressWithAHexControllerIsRefusedAsLibvirtRefusesIt() {
    // qemu-args once parsed it as a decimal number and ended in exit 4
    String err = refused(q35("    <controller type='ccid' index='0'/>\n"
        + "    <controller type='scsi' index='0' model='virtio-scsi'><address type='ccid' controller='0x1' slot='0'/></controller>"),
        Duration.ofSeconds(5), "plan", "--format", "qemu-args", "-");

    assertTrue(err.contains("controller='0x1' is not a decimal number"), err);
  }

  @Test
  void xhciPortsBeyondFifteenAreRefused() {
    String err = refused(q35("    <controller type='usb' model='qemu-xhci' ports='16'/>"), Duration.ofSeconds(5));

    assertTrue(err.contains("at most 15 ports"), err);
  }

  @Test
  void anElementRenamedSoThatItLacksItsTypeIsRefused() {
    // a <hub> renamed to <controller>: libvirt reads the missing type as 'ide', of which q35 has none to add
    String err = refused(q35("    <controller index='1'/>\n    <controller index='2'/>"), Duration.ofSeconds(5));

    assertTrue(err.startsWith("backplane: "), err);
  }

  @Test
  void aDomainWithoutOsTypeIsRefusedAsLibvirtRefusesIt() {
    String err = refused(domain("  <os><boot dev='hd'/></os>", ""), Duration.ofSeconds(5));

    assertTrue(err.contains("an os <type> must be specified"), err);
    assertTrue(err.contains("fix: add <os><type"), err);
  }

  @Test
  void aDomainWithoutOsIsRefused() {
    String err = refused(domain("", ""), Duration.ofSeconds(5));

    assertTrue(err.contains("an os <type> must be specified"), err);
  }

  @Test
  void aStartTagWithHundredsOfThousandsOfAttributesIsReadInSeconds() {
    StringBuilder attributes = new StringBuilder();
    StringBuilder declarations = new StringBuilder();
    for (int i = 0; i < 200_000; i++) {
      attributes.append(" a").append(i).append("='").append(i).append('\''); // 3.4 MB
    }
    for (int i = 0; i < 100_000; i++) { // a namespace per attribute: 4.2 MB
      declarations.append(" xmlns:p").append(i).append("='urn:p").append(i).append("' p").append(i).append(":x='1'");
    }
    for (String devices : List.of("    <hub type='usb'" + attributes + "/>",
        "    <hub type='usb'/>\n    <x" + declarations + "/>")) {
      long start = System.nanoTime();
      CliRun run = CliRun.of(q35(devices), "plan", "-");
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertEquals(0, run.code(), run.err());
      assertTrue(run.out().contains(" a199999='199999'") || run.out().contains(" p99999:x='1'"), "carried through");
      assertTrue(took.compareTo(Duration.ofSeconds(20)) < 0, "took " + took.toMillis() + " ms");
    }
  }

  @Test
  void aHundredThousandNestedElementsAreRefusedInSeconds() {
    String deep = "<a>".repeat(100_000) + "</a>".repeat(100_000);
    String err = refused(q35(deep), Duration.ofSeconds(5));

    assertTrue(err.contains("nested more than 256 deep"), err);
  }

  @Test
  void tooManyElementsAreRefusedInSeconds() {
    String err = refused(q35("<a/>".repeat(40_000)), Duration.ofSeconds(5));

    assertTrue(err.contains("more than 20000 elements"), err);
  }

  @Test
  void aDriveAddressNamingAHugeControllerIsRefusedInsteadOfAddingThemAll() {
    String err = refused(q35("    <disk type='file' device='disk'><target dev='sda' bus='scsi'/>"
        + "<address type='drive' controller='2147483647' bus='0' target='0' unit='0'/></disk>"),
        Duration.ofSeconds(5));

    assertTrue(err.contains("controller='2147483647' is out of range"), err);
  }

  @Test
  void aPciControllerIndexAbove255IsRefusedAsLibvirtRefusesIt() {
    String err = refused(q35("    <controller type='pci' index='999999999' model='pcie-root-port'/>"),
        Duration.ofSeconds(5));

    assertTrue(err.contains("maximum is 255"), err);
  }

  @Test
  void aMachineOfCommasOnlyIsRefusedAsMalformed() {
    for (String machine : new String[] {",", ",,", "q35,"}) {
      String err = refused(domain("  <os><type arch='x86_64' machine='" + machine + "'>hvm</type></os>", ""),
          Duration.ofSeconds(5));

      assertTrue(err.contains("machine='" + machine + "'") && err.contains("fix: write the machine as name[,option=value]"), err);
    }
  }

  private static String tablets(int count) {
    return "    <input type='tablet' bus='usb'/>\n".repeat(count);
  }

  @Test
  void usbDevicesBeyondWhatFourLevelsOfHubsServeAreRefusedAsLibvirtRefusesThem() {
    // q35's qemu-xhci has 15 ports; libvirt 9.0 plans 143 tablets (hubs up to 1.2.3.4), not 144
    CliRun planned = CliRun.of(q35(tablets(143)), "plan", "-");
    String err = refused(q35(tablets(144)), Duration.ofSeconds(5));

    assertEquals(0, planned.code(), planned.err());
    assertTrue(planned.out().contains("port='1.1.1.1'") && !planned.out().contains("port='1.1.1.1."), planned.out());
    assertTrue(err.contains("<input type='tablet'>: no USB port is free"), err);
  }

  @Test
  void tenThousandUsbDevicesAreRefusedInSeconds() {
    // each took a sort of every port, on hub chains hundreds deep: 2,000 took a minute
    String err = refused(q35(tablets(10_000)), Duration.ofSeconds(10));

    assertTrue(err.contains("no USB port is free"), err);
  }

  @Test
  void aDiskNameImplyingEightyThousandSataControllersIsRefusedInSeconds() {
    // sdzzzz is disk 475,253: controller 79,208; each added controller walked all the others
    String err = refused(q35("    <disk type='file' device='disk'><source file='/var/lib/libvirt/images/d.img'/><target dev='sdzzzz' bus='sata'/></disk>"),
        Duration.ofSeconds(20));

    assertTrue(err.contains("<controller type='sata'") && err.contains("no PCI slot is left"), err);
  }

  @Test
  void theDensePolicyRefusesControllersPastIndex255() {
    // the domain's root port takes index 255, so dense's own ports would start at 256
    String err = refused(q35("    <controller type='pci' index='255' model='pcie-root-port'/>\n"
        + "    <interface type='user'><model type='virtio'/></interface>"), Duration.ofSeconds(5),
        "plan", "--policy", "dense", "-");

    assertTrue(err.contains("past index 255"), err);
  }

  @Test
  void anInterfaceWithoutTypeIsLibvirtsUserInterfaceInEveryFormat() {
    String xml = q35("    <interface><model type='virtio'/></interface>");

    for (String format : new String[] {"libvirt", "json", "qemu-args"}) {
      CliRun run = CliRun.of(xml, "plan", "--format", format, "-");
      assertEquals(0, run.code(), format + ": " + run.err());
    }
  }

  @Test
  void addKeepsTheNamespacesADeviceBorrowsFromItsDevicesWrapper(@TempDir Path dir) throws IOException {
    // was exit 1 blaming the domain's line: my:tag lost its xmlns:my, declared on <devices> only
    Path domain = Files.writeString(dir.resolve("domain.xml"), q35(""));
    Path device = Files.writeString(dir.resolve("nic.xml"), "<devices xmlns:my='urn:my'>"
        + "<interface type='user' my:a='1'><model type='virtio'/><my:tag/></interface></devices>");

    CliRun run = CliRun.of("", "add", domain.toString(), device.toString());

    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("<interface type='user' my:a='1' xmlns:my='urn:my'><model type='virtio'/><my:tag/>"),
        run.out());
  }

  @Test
  void removingADefaultOfTheMachineNamesTheRemovedDeviceNotAnInternalKey() {
    // the message once read "without [d10] the domain gets this device again"
    CliRun planned = CliRun.of(q35("    <interface type='user'><model type='virtio'/></interface>"), "plan", "-");
    assertEquals(0, planned.code(), planned.err());

    String err = refused(planned.out(), Duration.ofSeconds(5), "remove", "-", "input1");

    assertTrue(err.contains("<input type='keyboard'>: without [<input type='keyboard'>] the planner adds this device again")
        && err.contains("fix: keep [<input type='keyboard'>]"), err);
  }

  @Test
  void aMalformedCapacityAfterAGoodOneWritesNoLineBeforeItsUsageError() {
    // the line of interface:virtio was printed before the second --capacity was refused
    CliRun run = CliRun.of(q35(""), "plan", "--capacity", "interface:virtio", "--capacity", ":virtio", "-");

    assertEquals(2, run.code(), run.err());
    assertEquals("", run.out());
    assertTrue(run.err().startsWith("backplane: --capacity :virtio: write KIND:MODEL"), run.err());
  }

  @Test
  void aWatchdogOnNoBusWithAnAddressIsRefusedSayingWhy() {
    // ib700 is an ISA card the catalog connects to no bus; libvirt refuses its address
    String err = refused(domain("  <os><type arch='x86_64' machine='pc'>hvm</type></os>",
        "    <watchdog model='ib700'><address type='pci' domain='0' bus='0' slot='9' function='0'/></watchdog>"),
        Duration.ofSeconds(5));

    assertTrue(err.contains("<watchdog model='ib700'>: this device goes on no bus, so it takes no address")
        && err.contains("fix: remove the <address>"), err);
  }

  @Test
  void anEmptyArchIsNoArchAsLibvirtReadsIt() {
    // refused once with "MachineRequest.arch must not be blank (fix: write the machine as ...)";
    // libvirt 9.0 plans arch='' as its host's architecture
    CliRun run = CliRun.of(domain("  <os><type arch='' machine='pc'>hvm</type></os>", ""), "plan", "-");

    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("<type arch=\"x86_64\" machine=\"pc-i440fx-7.2\">")
        || run.out().contains("<type arch='x86_64' machine='pc-i440fx-7.2'>"), run.out());
  }

  @Test
  void aBlankArchIsAnUnknownArchitecture() {
    String err = refused("", Duration.ofSeconds(5), "describe", "--arch", " ", "q35");

    assertTrue(err.contains("no machine types are known for architecture ' '")
        && !err.contains("MachineRequest"), err);
  }

  @Test
  void anOsinfoDbWithAFileThatIsNotXmlIsAnEnvironmentError(@TempDir Path db) throws IOException {
    // was exit 4: an UncheckedIOException out of the osinfo adapter
    Files.createDirectories(db.resolve("os/example.org"));
    Files.writeString(db.resolve("os/example.org/broken.xml"), "not xml <");
    CliRun run = CliRun.of(q35(""), "plan", "--osinfo-db", db.toString(), "--os", "centos6.10", "-");

    assertEquals(3, run.code(), run.err());
    assertEquals("", run.out());
    assertTrue(run.err().startsWith("backplane: --os centos6.10: osinfo-db cannot be read: ")
        && run.err().contains("broken.xml") && run.err().contains("fix: reinstall osinfo-db")
        && run.err().indexOf('\n') == run.err().length() - 1, run.err());
  }

  @Test
  void aBlankQemuBinaryIsAUsageErrorOfEveryCommand() {
    // verify --qemu '' was exit 4 (QemuLaunch refused the blank name); the others looked for ''
    for (String[] args : new String[][] {{"verify", "--qemu", "", "-"}, {"verify", "--qemu", " ", "-"},
        {"plan", "--qemu", "", "-"}, {"describe", "--qemu", "", "q35"}, {"machines", "--qemu", ""},
        {"probe", "--qemu", ""}, {"drift", "--qemu", ""}}) {
      CliRun run = CliRun.of(q35(""), args);

      assertEquals(2, run.code(), String.join(" ", args) + ": " + run.err());
      assertTrue(run.err().startsWith("backplane: Invalid value for option '--qemu'")
          && run.err().contains("names no binary"), run.err());
    }
  }

  @Test
  void aProbeCacheDirectoryThatIsAFileIsNamedInWordsNotAsAJavaException(@TempDir Path dir) throws IOException {
    // read "cannot use the probe cache in F: java.nio.file.FileAlreadyExistsException: F"; the cache
    // directory is made before anything is started, so any executable stands for QEMU here
    Path file = Files.writeString(dir.resolve("cache"), "");
    CliRun run = CliRun.of(q35(""), "plan", "--qemu", "/bin/true", "--cache-dir", file.toString(), "-");

    assertEquals(3, run.code(), run.err());
    assertTrue(run.err().contains("cannot use the probe cache in " + file + ": " + file + " is not a directory")
        && !run.err().contains("java."), run.err());
  }

  @Test
  void probeOptionsOutOfRangeAreUsageErrors() {
    // were exit 1, one message for both options
    CliRun jobs = CliRun.of("", "probe", "--qemu", "/bin/true", "--jobs", "-5");
    CliRun timeout = CliRun.of("", "probe", "--qemu", "/bin/true", "--timeout", "0");

    assertEquals(2, jobs.code(), jobs.err());
    assertTrue(jobs.err().startsWith("backplane: --jobs must be 0 or more, not -5"), jobs.err());
    assertEquals(2, timeout.code(), timeout.err());
    assertTrue(timeout.err().startsWith("backplane: --timeout must be at least 1 (seconds), not 0"), timeout.err());
  }
}
