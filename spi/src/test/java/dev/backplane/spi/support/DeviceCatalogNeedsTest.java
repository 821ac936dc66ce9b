package dev.backplane.spi.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backplane.spi.DeviceCatalog;
import dev.backplane.spi.DeviceModel;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a model needs before libvirt 9.0 takes it: a QEMU device that is not its own
 * ({@code needsDevice=DEVICE}), an address ({@code needsAddress}), a server or none ({@code server}).
 */
class DeviceCatalogNeedsTest {
  private static final DeviceCatalog CATALOG = DeviceCatalogFile.load(DeviceCatalogNeedsTest.class, "needs-catalog.tsv");

  @Test
  void needsDeviceNamesTheDeviceLibvirtAsksForWhenItIsNotTheModelsOwn() {
    DeviceModel ps2 = CATALOG.find("input", "ps2/mouse").orElseThrow();
    DeviceModel keyboard = CATALOG.find("input", "usb/keyboard").orElseThrow();

    assertTrue(ps2.needsDevice());
    assertEquals(Optional.of("i8042"), ps2.neededDevice());
    assertTrue(keyboard.needsDevice());
    assertEquals(Optional.empty(), keyboard.neededDevice());
  }

  @Test
  void needsAddressAndServerAreReadAsWritten() {
    assertTrue(CATALOG.find("interface", "usb-net").orElseThrow().needsAddress());
    assertFalse(CATALOG.find("interface", "e1000").orElseThrow().needsAddress());
    assertEquals(Optional.of(true), CATALOG.find("shmem", "ivshmem-doorbell").orElseThrow().server());
    assertEquals(Optional.of(false), CATALOG.find("shmem", "ivshmem-plain").orElseThrow().server());
    assertEquals(Optional.empty(), CATALOG.find("shmem", "ivshmem").orElseThrow().server());
  }

  @ParameterizedTest
  @CsvSource({
      "needs-bad-device-catalog.tsv, needsDevice",
      "needs-bad-address-catalog.tsv, needsAddress",
      "needs-bad-server-catalog.tsv, server"})
  void refusesAValueItCannotUse(String resource, String property) {
    DeviceCatalogException e = assertThrows(DeviceCatalogException.class,
        () -> DeviceCatalogFile.load(DeviceCatalogNeedsTest.class, resource));

    assertTrue(e.getMessage().contains(property) && e.getMessage().contains(resource + ":3:"), e.getMessage());
  }
}
