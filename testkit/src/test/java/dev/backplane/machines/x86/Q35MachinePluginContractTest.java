package dev.backplane.machines.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backplane.spi.ImplicitDevice;
import dev.backplane.spi.MachineDescription;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.MachineRequest;
import dev.backplane.testkit.MachinePluginContract;
import java.util.Set;
import org.junit.jupiter.api.Test;

class Q35MachinePluginContractTest extends MachinePluginContract {

  @Override
  protected MachinePlugin plugin() {
    return new Q35MachinePlugin();
  }

  @Override
  protected boolean hasBehavior(Behavior behavior) {
    return behavior == Behavior.PCI_ROOT || behavior == Behavior.PCIE_ROOT;
  }

  @Override
  protected Set<String> machineOptions() {
    return Set.of("sata", "smbus");
  }

  @Test
  void hasTheLpcBridgeAt1fFunction0() {
    ImplicitDevice lpc = implicit(q35("q35"), "ICH9-LPC");
    assertEquals("pcie.0", lpc.bus());
    assertEquals(0x1f, lpc.slot().getAsInt());
    assertEquals(0, lpc.function().getAsInt());
  }

  @Test
  void hasTheSataControllerAt1fFunction2() {
    ImplicitDevice ahci = implicit(q35("q35"), "ich9-ahci");
    assertEquals("pcie.0", ahci.bus());
    assertEquals(0x1f, ahci.slot().getAsInt());
    assertEquals(2, ahci.function().getAsInt());
    assertEquals("sata", ahci.controllerType().orElseThrow());
  }

  @Test
  void sataOffDropsTheAhciController() {
    assertTrue(hasImplicit(q35("q35"), "ich9-ahci"));
    assertFalse(hasImplicit(q35("q35,sata=off"), "ich9-ahci"));
    assertTrue(hasImplicit(q35("q35,sata=off"), "ICH9-SMB"));
  }

  @Test
  void smbusOffDropsTheSmbusController() {
    assertTrue(hasImplicit(q35("q35"), "ICH9-SMB"));
    assertFalse(hasImplicit(q35("q35,smbus=off"), "ICH9-SMB"));
    assertTrue(hasImplicit(q35("q35,smbus=off"), "ich9-ahci"));
  }

  private MachineDescription q35(String spec) {
    return plugin().describe(MachineRequest.parse("x86_64", spec));
  }

  private static boolean hasImplicit(MachineDescription machine, String qemuType) {
    return machine.implicitDevices().stream().anyMatch(i -> i.qemuType().equals(qemuType));
  }

  private static ImplicitDevice implicit(MachineDescription machine, String qemuType) {
    return machine.implicitDevices().stream().filter(i -> i.qemuType().equals(qemuType))
        .findFirst().orElseThrow(() -> new AssertionError(machine.name() + " has no " + qemuType));
  }
}
