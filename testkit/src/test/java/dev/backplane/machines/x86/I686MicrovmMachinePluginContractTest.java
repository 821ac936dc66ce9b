package dev.backplane.machines.x86;

import dev.backplane.spi.MachinePlugin;
import dev.backplane.testkit.MachinePluginContract;

/** i686 microvm has no PCI (virtio-mmio only): the contract checks that it describes none. */
class I686MicrovmMachinePluginContractTest extends MachinePluginContract {

  @Override
  protected MachinePlugin plugin() {
    return new I686MicrovmMachinePlugin();
  }
}
