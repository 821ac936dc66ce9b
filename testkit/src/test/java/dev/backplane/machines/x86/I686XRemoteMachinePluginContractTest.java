package dev.backplane.machines.x86;

import dev.backplane.spi.MachinePlugin;
import dev.backplane.testkit.MachinePluginContract;

/** i686 x-remote: a bare PCIe root with no built-in devices and no libvirt policy. */
class I686XRemoteMachinePluginContractTest extends MachinePluginContract {

  @Override
  protected MachinePlugin plugin() {
    return new I686XRemoteMachinePlugin();
  }

  @Override
  protected boolean hasBehavior(Behavior behavior) {
    return behavior == Behavior.PCI_ROOT || behavior == Behavior.PCIE_ROOT;
  }
}
