package dev.backplane.machines.x86;

import dev.backplane.spi.MachinePlugin;
import dev.backplane.testkit.MachinePluginContract;

/** isapc has no PCI: the contract checks that it describes none. */
class IsapcMachinePluginContractTest extends MachinePluginContract {

  @Override
  protected MachinePlugin plugin() {
    return new IsapcMachinePlugin();
  }
}
