package dev.backplane.machines.ppc.ppc64le;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backplane.machines.ppc.PseriesMachinePlugin;
import dev.backplane.spi.MachineDescription;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.MachineRequest;
import dev.backplane.spi.MachineType;
import dev.backplane.testkit.MachinePluginContract;
import org.junit.jupiter.api.Test;

class Ppc64lePseriesMachinePluginContractTest extends MachinePluginContract {

  @Override
  protected MachinePlugin plugin() {
    return new Ppc64lePseriesMachinePlugin();
  }

  @Override
  protected boolean hasBehavior(Behavior behavior) {
    return behavior == Behavior.PCI_ROOT;
  }

  @Test
  void pseriesIsPseries72FromTheSameBinaryAsPpc64() {
    MachineType pseries = types().stream().filter(MachineType::isDefault).findFirst().orElseThrow();
    assertEquals("pseries-7.2", pseries.name());
    MachineDescription le = plugin().describe(MachineRequest.of("ppc64le", "pseries"));
    assertEquals("ppc64le", le.arch());
    assertEquals("qemu-system-ppc64", le.qemuBinary().orElseThrow());
  }

  @Test
  void everyPseriesTypeIsPlannedAsOnPpc64() {
    PseriesMachinePlugin ppc64 = new PseriesMachinePlugin();
    assertEquals(ppc64.machineTypes().stream().map(MachineType::name).toList(),
        types().stream().map(MachineType::name).toList());
    for (MachineType type : types()) {
      MachineDescription le = plugin().describe(MachineRequest.of("ppc64le", type.name()));
      MachineDescription be = ppc64.describe(MachineRequest.of("ppc64", type.name()));
      assertEquals(be.rootBuses(), le.rootBuses(), type.name());
      assertEquals(be.implicitDevices(), le.implicitDevices(), type.name());
      assertEquals(be.defaults(), le.defaults(), type.name());
      assertEquals(be.qemuDevices(), le.qemuDevices(), type.name());
    }
  }
}
