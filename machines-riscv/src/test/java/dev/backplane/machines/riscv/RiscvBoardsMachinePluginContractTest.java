package dev.backplane.machines.riscv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.MachineType;
import dev.backplane.testkit.MachinePluginContract;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The riscv64 boards have no PCI and no virtio-mmio: the contract checks that they describe none. */
class RiscvBoardsMachinePluginContractTest extends MachinePluginContract {

  @Override
  protected MachinePlugin plugin() {
    return new RiscvBoardsMachinePlugin();
  }

  @Test
  void listsEveryRiscv64BoardButVirtWithSpikeTheDefault() {
    assertEquals(Set.of("microchip-icicle-kit", "shakti_c", "sifive_e", "sifive_u", "spike"),
        types().stream().map(MachineType::name).collect(Collectors.toSet()));
    assertEquals("spike", types().stream().filter(MachineType::isDefault).findFirst().orElseThrow().name());
  }
}
