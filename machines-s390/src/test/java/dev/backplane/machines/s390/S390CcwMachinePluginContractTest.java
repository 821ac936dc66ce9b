package dev.backplane.machines.s390;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backplane.spi.BusKind;
import dev.backplane.spi.MachineDescription;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.MachineRequest;
import dev.backplane.spi.MachineType;
import dev.backplane.spi.VirtioTransport;
import dev.backplane.testkit.MachinePluginContract;
import org.junit.jupiter.api.Test;

class S390CcwMachinePluginContractTest extends MachinePluginContract {

  @Override
  protected MachinePlugin plugin() {
    return new S390CcwMachinePlugin();
  }

  @Override
  protected boolean hasBehavior(Behavior behavior) {
    return behavior == Behavior.PCI_ROOT; // zPCI
  }

  @Test
  void s390CcwVirtioIsTheDefaultAndStandsFor72() {
    MachineType def = types().stream().filter(MachineType::isDefault).findFirst().orElseThrow();
    assertEquals("s390-ccw-virtio-7.2", def.name());
    assertEquals("s390-ccw-virtio-7.2", s390("s390-ccw-virtio").name());
  }

  @Test
  void virtioGoesToTheChannelSubsystemAndPciDevicesGetZpciIds() {
    MachineDescription s390 = s390("s390-ccw-virtio-2.4");
    assertEquals(VirtioTransport.CCW, s390.virtioTransport());
    assertTrue(s390.rootBuses().stream().anyMatch(b -> b.kind() == BusKind.CCW));
    assertTrue(s390.zpci());
  }

  @Test
  void addsNoUsbButABalloonAndAnS390Panic() {
    MachineDescription s390 = s390("s390-ccw-virtio");
    assertTrue(s390.defaults().usbController().isEmpty());
    assertTrue(s390.defaults().memballoon());
    assertEquals("s390", s390.defaults().panicModel().orElseThrow());
    assertEquals("sclp-serial", s390.defaults().serialTarget().orElseThrow());
  }

  private MachineDescription s390(String name) {
    return plugin().describe(MachineRequest.of("s390x", name));
  }
}
