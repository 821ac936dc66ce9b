package dev.backplane.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backplane.core.model.Address;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.Domain;
import dev.backplane.core.model.InvalidDomainException;
import dev.backplane.core.model.Plan;
import dev.backplane.core.port.in.PlanTopologyCommand;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Mediated host devices on x86 (libvirt 9.0 with qemu-system-x86_64 7.2): the catalog keys them by
 * model, so a vfio-pci one is a PCIe device and the s390 models are refused for the binary.
 */
class MediatedDevicesTest {
  private static final Backplane BACKPLANE = Backplane.builder().build();

  @Test
  void aMediatedDeviceIsKeyedByTypeAndModel() {
    assertEquals("mdev/vfio-ccw", mdev("vfio-ccw").catalogKey());
    assertEquals("pci", Device.builder(DeviceKind.HOSTDEV).key("h").type("pci").build().catalogKey());
  }

  @Test
  void aVfioPciMediatedDeviceGoesBehindARootPortOnQ35() {
    Plan plan = plan(mdev("vfio-pci"));

    Address.Pci at = plan.byKey("mdev-vfio-pci").orElseThrow().pciAddress().orElseThrow();
    assertTrue(at.bus() > 0, at.toString()); // a PCIe endpoint: not on pcie.0
  }

  @Test
  void theS390ModelsAreRefusedForABinaryWithoutTheirDevice() {
    for (String model : List.of("vfio-ccw", "vfio-ap")) {
      InvalidDomainException e = assertThrows(InvalidDomainException.class, () -> plan(mdev(model)));
      assertEquals("<hostdev type='mdev' model='" + model + "'>", e.element());
      assertTrue(e.rule().contains("qemu-system-x86_64 has no device '" + model + "'"), e.rule());
    }
  }

  @Test
  void aMediatedDeviceWithoutAModelIsRefused() {
    InvalidDomainException e = assertThrows(InvalidDomainException.class, () -> plan(mdev(null)));
    assertTrue(e.rule().contains("model attribute"), e.rule());
  }

  private static Plan plan(Device... devices) {
    return BACKPLANE.plan(new PlanTopologyCommand(new Domain("x86_64", "q35", List.of(devices))));
  }

  private static Device mdev(String model) {
    return Device.builder(DeviceKind.HOSTDEV).key("mdev-" + model).type("mdev").model(model).build();
  }
}
