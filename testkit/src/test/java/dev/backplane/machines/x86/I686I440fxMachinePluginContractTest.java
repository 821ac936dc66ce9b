package dev.backplane.machines.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backplane.spi.MachineDescription;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.MachineRequest;
import dev.backplane.testkit.MachinePluginContract;
import dev.backplane.spi.MachineType;
import org.junit.jupiter.api.Test;

class I686I440fxMachinePluginContractTest extends MachinePluginContract {

  @Override
  protected MachinePlugin plugin() {
    return new I686I440fxMachinePlugin();
  }

  @Override
  protected boolean hasBehavior(Behavior behavior) {
    return behavior == Behavior.PCI_ROOT;
  }

  @Test
  void pcIsTheDefaultAndReservesWhatX86_64Reserves() {
    MachineType pc = types().stream().filter(MachineType::isDefault).findFirst().orElseThrow();
    assertEquals("pc-i440fx-7.2", pc.name());
    MachineDescription i686 = plugin().describe(MachineRequest.of("i686", "pc"));
    MachineDescription x86_64 = new I440fxMachinePlugin().describe(MachineRequest.of("x86_64", "pc"));
    assertEquals("qemu-system-i386", i686.qemuBinary().orElseThrow());
    assertEquals(x86_64.reservations(), i686.reservations());
    assertEquals(x86_64.defaults(), i686.defaults());
  }
}
