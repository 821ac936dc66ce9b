package dev.backplane.machines.arm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backplane.spi.BusKind;
import dev.backplane.spi.MachineDescription;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.MachineRequest;
import dev.backplane.spi.MachineType;
import dev.backplane.spi.VirtioTransport;
import dev.backplane.testkit.MachinePluginContract;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArmBoardsMachinePluginContractTest extends MachinePluginContract {
  /** The boards with a PCI Express root (gpex on sbsa-ref, DesignWare on i.MX7). */
  private static final Set<String> PCIE = Set.of("sbsa-ref", "mcimx7d-sabre");
  /** The boards with a conventional PCI root (the Versatile/RealView PCI controller). */
  private static final Set<String> PCI =
      Set.of("versatileab", "versatilepb", "realview-eb", "realview-eb-mpcore");

  @Override
  protected MachinePlugin plugin() {
    return new ArmBoardsMachinePlugin();
  }

  @Override
  protected boolean hasBehavior(Behavior behavior, MachineType type) {
    return switch (behavior) {
      case PCI_ROOT -> PCI.contains(type.name()) || PCIE.contains(type.name());
      case PCIE_ROOT -> PCIE.contains(type.name());
    };
  }

  @Test
  void listsEveryAarch64BoardButVirt() {
    assertEquals(87, types().size(), "QEMU 7.2 lists 109 aarch64 machine types: 21 virt, none, 87 boards");
    Set<String> names = new HashSet<>();
    types().forEach(t -> names.add(t.name()));
    for (MachineType virt : new VirtMachinePlugin().machineTypes()) {
      assertTrue(!names.contains(virt.name()) && virt.aliases().stream().noneMatch(names::contains),
          virt.name() + " belongs to arm-virt, not arm-boards");
    }
  }

  @Test
  void raspberryPiHasNoBusForDevices() {
    MachineDescription raspi = describe("raspi3b");
    assertTrue(raspi.rootBuses().isEmpty());
    assertTrue(raspi.pciControllerModels().isEmpty());
  }

  @Test
  void vexpressTakesVirtioOnMmioOnly() {
    MachineDescription vexpress = describe("vexpress-a15");
    assertTrue(vexpress.pciRoot().isEmpty());
    assertEquals(List.of(BusKind.VIRTIO_MMIO), vexpress.rootBuses().stream().map(b -> b.kind()).toList());
    assertEquals(VirtioTransport.MMIO, vexpress.virtioTransport());
  }

  @Test
  void sbsaRefBuildsItsVgaOnThePcieRoot() {
    MachineDescription sbsa = describe("sbsa-ref");
    assertEquals("pcie.0", sbsa.pciRoot().orElseThrow().name());
    assertTrue(sbsa.implicitDevices().stream().anyMatch(d -> d.qemuType().equals("VGA")
        && d.slot().getAsInt() == 1 && d.function().getAsInt() == 0));
    assertEquals(Set.of("pcie-root"), sbsa.pciControllerModels());
    assertTrue(sbsa.defaults().usbController().isEmpty(), "no libvirt policy for sbsa-ref");
  }

  private MachineDescription describe(String name) {
    return plugin().describe(MachineRequest.of("aarch64", name));
  }
}
