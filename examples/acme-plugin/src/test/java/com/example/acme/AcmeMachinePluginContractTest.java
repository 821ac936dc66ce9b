package com.example.acme;

import dev.backplane.spi.MachinePlugin;
import dev.backplane.testkit.MachinePluginContract;

class AcmeMachinePluginContractTest extends MachinePluginContract {

  @Override
  protected MachinePlugin plugin() {
    return new AcmeMachinePlugin();
  }

  @Override
  protected boolean hasBehavior(Behavior behavior) {
    return behavior == Behavior.PCI_ROOT || behavior == Behavior.PCIE_ROOT;
  }
}
