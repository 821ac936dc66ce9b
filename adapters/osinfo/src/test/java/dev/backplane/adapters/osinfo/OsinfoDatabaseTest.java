package dev.backplane.adapters.osinfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OsinfoDatabaseTest {
  private static final String VIRTIO_NET = "http://pcisig.com/pci/1af4/1000";
  private static final String VIRTIO1_NET = "http://pcisig.com/pci/1af4/1041";

  @Test
  void readsEveryOsOfTheInstalledPackage() {
    assertTrue(InstalledDatabase.get().size() > 500, "only " + InstalledDatabase.get().size() + " OSes");
  }

  @Test
  void findsAnOsByShortIdAndByFullId() {
    GuestOs byShortId = InstalledDatabase.get().guestOs("centos6.10");
    GuestOs byUri = InstalledDatabase.get().guestOs("http://centos.org/centos/6.10");
    assertEquals("http://centos.org/centos/6.10", byShortId.uri());
    assertEquals("centos6.10", byUri.shortId());
    assertEquals("CentOS 6.10", byUri.name());
  }

  @Test
  void centos610InheritsRhel60sLegacyVirtioThroughClonesAndDerivesFrom() {
    // centos6.10 lists no devices: it clones rhel6.10, which derives from rhel6.9 ... rhel6.0
    GuestOs centos = InstalledDatabase.get().guestOs("centos6.10");
    assertTrue(centos.supports(VIRTIO_NET));
    assertTrue(centos.supports("http://pcisig.com/pci/1af4/1001"));
    assertFalse(centos.supports(VIRTIO1_NET));
    assertEquals(List.of("e1000e"), centos.emulatedDevices("net"));
  }

  @Test
  void upgradesIsNotInheritance() {
    // fedora37 derives from fedora36 ...; centos6.10 upgrades centos6.9 but gets nothing from it
    GuestOs fedora = InstalledDatabase.get().guestOs("fedora37");
    assertTrue(fedora.supports(VIRTIO_NET) && fedora.supports(VIRTIO1_NET));
  }

  @Test
  void windowsListsNoVirtioDriverOfItsOwn() {
    GuestOs windows = InstalledDatabase.get().guestOs("win2k8r2");
    assertFalse(windows.supports(VIRTIO_NET));
    assertFalse(windows.supports(VIRTIO1_NET));
    assertEquals(List.of("e1000", "e1000e"), windows.emulatedDevices("net"));
  }

  @Test
  void anUnsupportedLinkRemovesAnInheritedDevice() {
    // ubuntu22.04 marks virtio1.0-gpu supported="false"; the Ubuntus it derives from list it
    String gpu = "http://pcisig.com/pci/1af4/1050";
    assertTrue(InstalledDatabase.get().guestOs("ubuntu21.10").supports(gpu));
    assertFalse(InstalledDatabase.get().guestOs("ubuntu22.04").supports(gpu));
  }

  @Test
  void anUnknownIdIsRefusedWithCloseOnes() {
    UnknownGuestOsException e = assertThrows(UnknownGuestOsException.class,
        () -> InstalledDatabase.get().guestOs("centos6.11"));
    assertEquals("centos6.11", e.id());
    assertTrue(e.suggestions().contains("centos6.10"), e.suggestions().toString());
  }

  @Test
  void anEmptyDirectoryIsNoDatabase(@TempDir Path empty) {
    OsinfoDatabaseMissingException e = assertThrows(OsinfoDatabaseMissingException.class,
        () -> OsinfoDatabase.directory(empty));
    assertTrue(e.getMessage().contains("apt-get install osinfo-db"), e.getMessage());
    assertEquals(List.of(empty), e.searched());
  }

  @Test
  void aDirectoryWithoutOsesIsNoDatabase(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("os"));
    assertThrows(OsinfoDatabaseMissingException.class, () -> OsinfoDatabase.directory(dir));
  }

  @Test
  void aDtdIsNotRead(@TempDir Path dir) throws IOException {
    Path vendor = Files.createDirectories(dir.resolve("os/example.org"));
    Files.writeString(vendor.resolve("evil.xml"), "<?xml version='1.0'?>\n"
        + "<!DOCTYPE libosinfo [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>\n"
        + "<libosinfo><os id='http://example.org/evil'><short-id>&x;</short-id></os></libosinfo>");
    assertThrows(RuntimeException.class, () -> OsinfoDatabase.directory(dir));
  }

  @Test
  void standardLocationsFollowLibosinfo() {
    assertEquals(List.of(Path.of("/usr/share/osinfo"), Path.of("/etc/osinfo"), Path.of("/home/u/.config/osinfo")),
        OsinfoDatabase.standardDirectories(Map.of(), "/home/u"));
    assertEquals(List.of(Path.of("/s"), Path.of("/l"), Path.of("/x/osinfo")),
        OsinfoDatabase.standardDirectories(
            Map.of("OSINFO_SYSTEM_DIR", "/s", "OSINFO_LOCAL_DIR", "/l", "XDG_CONFIG_HOME", "/x"), "/home/u"));
    assertEquals(Path.of("/u"), OsinfoDatabase.standardDirectories(Map.of("OSINFO_USER_DIR", "/u"), "/h").get(2));
  }

  @Test
  void aLaterDirectoryReplacesAMasterFileAndAddsFragments(@TempDir Path dir) throws IOException {
    Path first = dir.resolve("first");
    Path second = dir.resolve("second");
    write(first.resolve("os/example.org/os-1.xml"), "<os id='http://example.org/os/1'><short-id>os1</short-id>"
        + "<devices><device id='" + VIRTIO_NET + "'/></devices></os>");
    write(second.resolve("os/example.org/os-1.xml"), "<os id='http://example.org/os/1'><short-id>os1</short-id>"
        + "<devices><device id='" + VIRTIO1_NET + "'/></devices></os>");
    write(second.resolve("os/example.org/os-1.d/more.xml"), "<os id='http://example.org/os/1'>"
        + "<devices><device id='http://pcisig.com/pci/8086/100e'/></devices></os>");
    GuestOs os = OsinfoDatabase.load(List.of(first, second)).guestOs("os1");
    assertFalse(os.supports(VIRTIO_NET));
    assertTrue(os.supports(VIRTIO1_NET));
    assertTrue(os.supports("http://pcisig.com/pci/8086/100e"));
  }

  private static void write(Path file, String os) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, "<?xml version='1.0'?>\n<libosinfo version='0.0.1'>" + os + "</libosinfo>\n");
  }
}
