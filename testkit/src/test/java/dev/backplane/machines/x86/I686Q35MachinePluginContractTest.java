package dev.backplane.machines.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backplane.spi.MachineDescription;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.MachineRequest;
import dev.backplane.testkit.MachinePluginContract;
import java.util.Set;
import org.junit.jupiter.api.Test;

class I686Q35MachinePluginContractTest extends MachinePluginContract {

  @Override
  protected MachinePlugin plugin() {
    return new I686Q35MachinePlugin();
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
  void q35IsPcQ3572FromTheI386BinaryWithX86_64sPolicy() {
    MachineDescription i686 = plugin().describe(MachineRequest.of("i686", "q35"));
    MachineDescription x86_64 = new Q35MachinePlugin().describe(MachineRequest.of("x86_64", "q35"));
    assertEquals("pc-q35-7.2", i686.name());
    assertEquals("i686", i686.arch());
    assertEquals("qemu-system-i386", i686.qemuBinary().orElseThrow());
    assertEquals(x86_64.defaults(), i686.defaults());
    assertEquals(x86_64.implicitDevices(), i686.implicitDevices());
    assertEquals(x86_64.reservations(), i686.reservations());
  }
}
