package dev.backplane.machines.ppc.ppc64le;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backplane.machines.ppc.PpcBoardsMachinePlugin;
import dev.backplane.spi.BusKind;
import dev.backplane.spi.MachineDescription;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.MachineRequest;
import dev.backplane.spi.MachineType;
import dev.backplane.testkit.MachinePluginContract;
import org.junit.jupiter.api.Test;

/** The ppc64le boards are ppc64's: the contract's PCI behaviour follows what ppc64's boards describe. */
class Ppc64leBoardsMachinePluginContractTest extends MachinePluginContract {
  private static final PpcBoardsMachinePlugin PPC64 = new PpcBoardsMachinePlugin();

  @Override
  protected MachinePlugin plugin() {
    return new Ppc64leBoardsMachinePlugin();
  }

  @Override
  protected boolean hasBehavior(Behavior behavior, MachineType type) {
    MachineDescription be = PPC64.describe(MachineRequest.of("ppc64", type.name()));
    return switch (behavior) {
      case PCI_ROOT -> be.pciRoot().isPresent();
      case PCIE_ROOT -> be.pciRoot().map(r -> r.kind() == BusKind.PCIE).orElse(false);
    };
  }

  @Test
  void listsTheSameBoardsAsPpc64WithTheSameBuses() {
    assertEquals(PPC64.machineTypes().stream().map(MachineType::name).toList(),
        types().stream().map(MachineType::name).toList());
    for (MachineType type : types()) {
      MachineDescription le = plugin().describe(MachineRequest.of("ppc64le", type.name()));
      MachineDescription be = PPC64.describe(MachineRequest.of("ppc64", type.name()));
      assertEquals(be.rootBuses(), le.rootBuses(), type.name());
      assertEquals(be.implicitDevices(), le.implicitDevices(), type.name());
    }
  }
}
