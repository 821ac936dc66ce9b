package dev.backplane.machines.x86;

import dev.backplane.spi.MachinePlugin;
import dev.backplane.testkit.MachinePluginContract;

/** i686 isapc has no PCI: the contract checks that it describes none. */
class I686IsapcMachinePluginContractTest extends MachinePluginContract {

  @Override
  protected MachinePlugin plugin() {
    return new I686IsapcMachinePlugin();
  }
}
