package dev.backplane.machines.arm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backplane.spi.BusKind;
import dev.backplane.spi.MachineDescription;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.MachineRequest;
import dev.backplane.testkit.MachinePluginContract;
import org.junit.jupiter.api.Test;

class Armv7lVirtMachinePluginContractTest extends MachinePluginContract {

  @Override
  protected MachinePlugin plugin() {
    return new Armv7lVirtMachinePlugin();
  }

  @Override
  protected boolean hasBehavior(Behavior behavior) {
    return behavior == Behavior.PCIE_ROOT;
  }

  @Test
  void virtIsAPcieRootComplexWithVirtioMmioBesideIt() {
    MachineDescription virt = plugin().describe(MachineRequest.of("armv7l", "virt"));

    assertEquals("virt-7.2", virt.name());
    assertEquals("pcie.0", virt.pciRoot().orElseThrow().name());
    assertTrue(virt.rootBuses().stream().anyMatch(b -> b.kind() == BusKind.VIRTIO_MMIO));
    assertTrue(virt.preferredSlots().isEmpty(), "no chipset slots on virt");
  }
}
