package dev.backplane.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backplane.core.model.Address;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Another address type's fields read as PCI ones, by their place in libvirt 9.0's union. */
class AddressUnionTest {
  @Test
  void aDriveAddressGivesTargetAsSlotAndUnitAsFunction() {
    Address drive = new Address.Drive(0, 4, 2, 5);

    assertEquals(4, AddressUnion.bus(drive));
    assertEquals(2, AddressUnion.slot(drive));
    assertEquals(5, AddressUnion.function(drive));
  }

  @Test
  void aUsbAddressGivesItsPortLevelsAfterTheBus() {
    Address usb = new Address.Usb(0, "1.2.3");

    assertEquals(1, AddressUnion.bus(usb));
    assertEquals(2, AddressUnion.slot(usb));
    assertEquals(3, AddressUnion.function(usb));
  }

  @Test
  void aGivenSpaprVioRegSetsTheSlotThroughHasReg() {
    assertEquals(1, AddressUnion.slot(new Address.SpaprVio(0x30000000L)));
    assertEquals(0, AddressUnion.slot(new Address.SpaprVio(null)));
  }

  @Test
  void anIsaAddressGivesItsIrqAsTheBus() {
    Address isa = new Address.Other("isa", Map.of("iobase", "0x300", "irq", "5"));

    assertEquals(5, AddressUnion.bus(isa));
    assertEquals(0, AddressUnion.slot(isa));
  }

  @Test
  void aPciAddressIsItself() {
    Address pci = new Address.Pci(0, 3, 0x1f, 7, null);

    assertEquals(3, AddressUnion.bus(pci));
    assertEquals(0x1f, AddressUnion.slot(pci));
    assertEquals(7, AddressUnion.function(pci));
  }
}
