package dev.backplane.machines.ppc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backplane.spi.BusKind;
import dev.backplane.spi.MachineDescription;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.MachineRequest;
import dev.backplane.spi.MachineType;
import dev.backplane.testkit.MachinePluginContract;
import org.junit.jupiter.api.Test;

class PseriesMachinePluginContractTest extends MachinePluginContract {

  @Override
  protected MachinePlugin plugin() {
    return new PseriesMachinePlugin();
  }

  @Override
  protected boolean hasBehavior(Behavior behavior) {
    return behavior == Behavior.PCI_ROOT;
  }

  @Test
  void pseriesIsTheDefaultAndStandsForPseries72() {
    MachineType pseries = types().stream().filter(MachineType::isDefault).findFirst().orElseThrow();
    assertEquals("pseries-7.2", pseries.name());
    assertEquals("pseries-7.2", pseries("pseries").name());
  }

  @Test
  void theRootIsAnSpaprHostBridgeAndMoreMayBeAdded() {
    MachineDescription pseries = pseries("pseries");
    assertEquals("spapr-pci-host-bridge", pseries.pciRoot().orElseThrow().modelName().orElseThrow());
    assertTrue(pseries.multipleRoots());
  }

  @Test
  void hasASpaprVioBus() {
    assertTrue(pseries("pseries-2.1").rootBuses().stream().anyMatch(b -> b.kind() == BusKind.SPAPR_VIO));
  }

  @Test
  void addsUsbInputsWithGraphicsAndAPseriesPanic() {
    MachineDescription pseries = pseries("pseries");
    assertTrue(pseries.defaults().usbInputsWithGraphics());
    assertEquals("pseries", pseries.defaults().panicModel().orElseThrow());
    assertEquals("ibmvscsi", pseries.defaults().scsiModel().orElseThrow());
  }

  private MachineDescription pseries(String name) {
    return plugin().describe(MachineRequest.of("ppc64", name));
  }
}
