package dev.backplane.spi.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backplane.spi.DeviceCatalog;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A catalog line's {@code isaAddress}: the QEMU properties an ISA address is written as. */
class DeviceCatalogIsaAddressTest {
  @Test
  void listsTheIoBaseThenTheIrqProperty() {
    DeviceCatalog catalog = DeviceCatalogFile.load(DeviceCatalogIsaAddressTest.class, "isa-catalog.tsv");

    assertEquals(List.of("iobase", "irq"), catalog.find("serial", "isa-serial").orElseThrow().isaAddress());
    assertEquals(List.of("ioport"), catalog.find("panic", "isa").orElseThrow().isaAddress());
    assertTrue(catalog.find("serial", "pci-serial").orElseThrow().isaAddress().isEmpty());
  }

  @Test
  void refusesMoreThanAnIoBaseAndAnIrq() {
    DeviceCatalogException e = assertThrows(DeviceCatalogException.class,
        () -> DeviceCatalogFile.load(DeviceCatalogIsaAddressTest.class, "isa-bad-catalog.tsv"));

    assertTrue(e.getMessage().contains("isaAddress"), e.getMessage());
  }
}
