package dev.backplane.machines.arm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backplane.spi.MachineDescription;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.MachineRequest;
import dev.backplane.spi.MachineType;
import dev.backplane.testkit.MachinePluginContract;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class Armv7lBoardsMachinePluginContractTest extends MachinePluginContract {
  /** The boards with a PCI Express root (DesignWare on i.MX7). */
  private static final Set<String> PCIE = Set.of("mcimx7d-sabre");
  /** The boards with a conventional PCI root (the Versatile/RealView PCI controller). */
  private static final Set<String> PCI =
      Set.of("versatileab", "versatilepb", "realview-eb", "realview-eb-mpcore");

  @Override
  protected MachinePlugin plugin() {
    return new Armv7lBoardsMachinePlugin();
  }

  @Override
  protected boolean hasBehavior(Behavior behavior, MachineType type) {
    return switch (behavior) {
      case PCI_ROOT -> PCI.contains(type.name()) || PCIE.contains(type.name());
      case PCIE_ROOT -> PCIE.contains(type.name());
    };
  }

  @Test
  void listsEveryArmBoardButVirt() {
    assertEquals(82, types().size(), "QEMU 7.2 lists 104 arm machine types: 21 virt, none, 82 boards");
    Set<String> names = new HashSet<>();
    types().forEach(t -> names.add(t.name()));
    for (MachineType virt : new Armv7lVirtMachinePlugin().machineTypes()) {
      assertTrue(!names.contains(virt.name()) && virt.aliases().stream().noneMatch(names::contains),
          virt.name() + " belongs to arm-virt-armv7l, not arm-boards-armv7l");
    }
  }

  @Test
  void versatilePbHasItsPciHostAtSlot11() {
    MachineDescription versatile = plugin().describe(MachineRequest.of("armv7l", "versatilepb"));
    assertEquals("pci", versatile.pciRoot().orElseThrow().name());
    assertTrue(versatile.implicitDevices().stream().anyMatch(
        d -> d.qemuType().equals("versatile_pci_host") && d.slot().getAsInt() == 11));
    assertEquals(Set.of("pci-root"), versatile.pciControllerModels());
  }
}
