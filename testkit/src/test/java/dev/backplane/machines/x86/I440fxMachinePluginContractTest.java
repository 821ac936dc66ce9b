package dev.backplane.machines.x86;

import dev.backplane.spi.MachinePlugin;
import dev.backplane.testkit.MachinePluginContract;

class I440fxMachinePluginContractTest extends MachinePluginContract {

  @Override
  protected MachinePlugin plugin() {
    return new I440fxMachinePlugin();
  }

  @Override
  protected boolean hasBehavior(Behavior behavior) {
    return behavior == Behavior.PCI_ROOT;
  }
}
