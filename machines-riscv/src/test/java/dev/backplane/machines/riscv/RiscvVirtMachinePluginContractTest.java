package dev.backplane.machines.riscv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backplane.spi.BusKind;
import dev.backplane.spi.DeviceDefaults;
import dev.backplane.spi.MachineDescription;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.MachineRequest;
import dev.backplane.testkit.MachinePluginContract;
import org.junit.jupiter.api.Test;

class RiscvVirtMachinePluginContractTest extends MachinePluginContract {

  @Override
  protected MachinePlugin plugin() {
    return new RiscvVirtMachinePlugin();
  }

  @Override
  protected boolean hasBehavior(Behavior behavior) {
    return behavior == Behavior.PCI_ROOT || behavior == Behavior.PCIE_ROOT;
  }

  @Test
  void virtIsAGpexPcieRootWithVirtioMmioFromTheRiscvBinary() {
    MachineDescription virt = virt();
    assertEquals("virt", virt.name());
    assertEquals("qemu-system-riscv64", virt.qemuBinary().orElseThrow());
    assertEquals(BusKind.PCIE, virt.pciRoot().orElseThrow().kind());
    assertTrue(virt.rootBuses().stream().anyMatch(b -> b.kind() == BusKind.VIRTIO_MMIO));
    assertTrue(virt.iommuModels().isEmpty(), "libvirt 9.0 takes no IOMMU on riscv64 virt");
  }

  @Test
  void libvirtDefaultsDifferFromAarch64VirtInUsbSerialAndBalloon() {
    DeviceDefaults defaults = virt().defaults();
    assertEquals("piix3-uhci", defaults.usbModel().orElseThrow());
    assertEquals("16550a", defaults.serialModels().get("system-serial"));
    assertEquals("lsilogic", defaults.scsiModel().orElseThrow());
    assertTrue(defaults.memballoon());
    assertFalse(defaults.usbInputsWithGraphics());
    assertTrue(defaults.usbController().isEmpty(), "no USB controller by default");
  }

  @Test
  void ramfbIsInTheBinaryButVirtCannotTakeIt() {
    MachineDescription virt = virt();
    assertTrue(virt.qemuDevices().contains("ramfb"));
    assertFalse(virt.devices().find("video", "ramfb").orElseThrow().createsDevice(),
        "QEMU 7.2 refuses -device ramfb on riscv64 virt");
    assertTrue(virt.devices().find("video", "virtio").orElseThrow().createsDevice());
  }

  private MachineDescription virt() {
    return plugin().describe(MachineRequest.of("riscv64", "virt"));
  }
}
