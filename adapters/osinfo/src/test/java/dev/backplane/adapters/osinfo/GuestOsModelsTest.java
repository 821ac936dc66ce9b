package dev.backplane.adapters.osinfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.Domain;
import dev.backplane.core.model.Explanation;
import dev.backplane.core.model.InvalidDomainException;
import dev.backplane.core.model.PlanRule;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuestOsModelsTest {
  private static final Device NIC = Device.builder(DeviceKind.INTERFACE).key("d1").type("network").model("virtio").build();
  private static final Device DISK = Device.builder(DeviceKind.DISK).key("d2").type("disk").bus("virtio").target("vda").build();
  private static final Device E1000 = Device.builder(DeviceKind.INTERFACE).key("d3").type("network").model("e1000").build();
  private static final Device SATA = Device.builder(DeviceKind.DISK).key("d4").type("disk").bus("sata").target("sda").build();

  private static Domain q35(Device... devices) {
    return new Domain("x86_64", "q35", List.of(devices));
  }

  @Test
  void aLegacyOnlyOsGetsTransitionalVirtio() {
    Domain chosen = GuestOsModels.apply(q35(NIC, DISK, E1000, SATA), centos(), false);
    assertEquals(List.of("virtio-transitional", "virtio-transitional", "e1000"),
        List.of(chosen.devices().get(0).model(), chosen.devices().get(1).model(), chosen.devices().get(2).model()));
    assertEquals(DISK.bus(), chosen.devices().get(1).bus());
    assertSame(SATA, chosen.devices().get(3));
    assertTrue(chosen.devices().get(0).explanation().isEmpty(), "explains only when asked");
  }

  @Test
  void theChangeIsExplainedWhenAsked() {
    Device nic = GuestOsModels.apply(q35(NIC), centos(), true).devices().get(0);
    Explanation.Reason reason = nic.explanation().reasons().get(0);
    assertEquals(PlanRule.GUEST_OS_TRANSITIONAL, reason.rule());
    assertEquals("osinfo-db: centos6.10", reason.source());
    assertEquals("guest OS centos6.10 has only the legacy virtio-net driver (osinfo-db lists 1af4:1000, not"
        + " 1af4:1041): model virtio-transitional, which goes on conventional PCI", reason.text());
  }

  @Test
  void anOsWithVirtio1ChangesNothing() {
    Domain domain = q35(NIC, DISK);
    assertSame(domain, GuestOsModels.apply(domain, InstalledDatabase.get().guestOs("fedora37"), true));
  }

  @Test
  void anOsWithoutVirtioIsRefusedTheDeviceNamingItsModels() {
    GuestOs windows = InstalledDatabase.get().guestOs("win2k8r2");
    InvalidDomainException nic = assertThrows(InvalidDomainException.class,
        () -> GuestOsModels.apply(q35(E1000, NIC), windows, false));
    assertEquals("<interface type='network' model='virtio'>", nic.element());
    assertTrue(nic.rule().startsWith("guest OS win2k8r2 (Microsoft Windows Server 2008 R2) has no virtio-net driver"),
        nic.rule());
    assertTrue(nic.fix().startsWith("use a NIC model it has a driver for: e1000, e1000e"), nic.fix());
    InvalidDomainException disk = assertThrows(InvalidDomainException.class,
        () -> GuestOsModels.apply(q35(DISK), windows, false));
    assertTrue(disk.fix().contains("bus='sata'"), disk.fix());
  }

  @Test
  void anOldOsKeepsItsEmulatedDevices() {
    Domain domain = q35(E1000, SATA);
    assertSame(domain, GuestOsModels.apply(domain, InstalledDatabase.get().guestOs("winxp"), false));
  }

  @Test
  void nonTransitionalNeedsTheVirtio1Driver() {
    Device modernOnly = NIC.toBuilder().model("virtio-non-transitional").build();
    InvalidDomainException e = assertThrows(InvalidDomainException.class,
        () -> GuestOsModels.apply(q35(modernOnly), centos(), false));
    assertTrue(e.rule().contains("virtio 1.0 only"), e.rule());
    Device transitional = NIC.toBuilder().model("virtio-transitional").build();
    Domain domain = q35(transitional);
    assertSame(domain, GuestOsModels.apply(domain, centos(), false));
  }

  @Test
  void theOtherVirtioClassesFollowTheSameRule() {
    Device balloon = Device.builder(DeviceKind.MEMBALLOON).key("d5").model("virtio").build();
    Device serial = Device.builder(DeviceKind.CONTROLLER).key("d6").type("virtio-serial").index(0).build();
    Device scsi = Device.builder(DeviceKind.CONTROLLER).key("d7").type("scsi").index(0).model("virtio-scsi").build();
    // centos6.10: virtio-console legacy only; no balloon, no scsi driver
    Domain chosen = GuestOsModels.apply(q35(serial), centos(), false);
    assertEquals("virtio-transitional", chosen.devices().get(0).model());
    assertThrows(InvalidDomainException.class, () -> GuestOsModels.apply(q35(balloon), centos(), false));
    InvalidDomainException e = assertThrows(InvalidDomainException.class,
        () -> GuestOsModels.apply(q35(scsi), centos(), false));
    assertTrue(e.rule().contains("virtio-scsi"), e.rule());
  }

  @Test
  void otherArchitecturesAreLeftAsWritten() {
    Domain domain = new Domain("aarch64", "virt", List.of(NIC));
    assertSame(domain, GuestOsModels.apply(domain, InstalledDatabase.get().guestOs("win2k8r2"), false));
  }

  private static GuestOs centos() {
    return InstalledDatabase.get().guestOs("centos6.10");
  }
}
