package dev.backplane.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backplane.core.Backplane;
import dev.backplane.core.model.Address;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.Domain;
import dev.backplane.core.model.Plan;
import dev.backplane.core.port.in.PlanTopologyCommand;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** USB port rules checked against libvirt 9.0 (the oracle's answers are in the comments). */
class UsbPortsTest {
  private static final Backplane BACKPLANE = Backplane.builder().build();

  private static Device tablet(String key, Address address) {
    return Device.builder(DeviceKind.INPUT).key(key).type("tablet").bus("usb").address(address).build();
  }

  private static Device usb(String key, int index, String model, String ports) {
    return Device.builder(DeviceKind.CONTROLLER).key(key).type("usb").index(index).model(model)
        .attribute(Device.PORTS, ports).build();
  }

  @Test
  void anAddressWithABusAndNoPortGetsAPortOnThatBus() {
    // libvirt: the tablet (bus='1', no port) gets bus 1 port 1, the mouse bus 0 port 1
    Plan plan = BACKPLANE.plan(new PlanTopologyCommand(new Domain("x86_64", "q35", List.of(
        usb("d1", 0, "qemu-xhci", null), usb("d2", 1, "qemu-xhci", null),
        tablet("d3", new Address.Usb(1, null)),
        Device.builder(DeviceKind.INPUT).key("d4").type("mouse").bus("usb").build()))));

    assertEquals(new Address.Usb(1, "1"), plan.byKey("d3").orElseThrow().address());
    assertEquals(new Address.Usb(0, "1"), plan.byKey("d4").orElseThrow().address());
  }

  @Test
  void onlyXhciControllersTakeAPortCount() {
    // libvirt: ehci with ports='10' and 8 tablets has 6 ports: a hub at port 1, tablets at 2..6, 1.1..1.3
    List<Device> devices = new ArrayList<>(List.of(usb("d1", 0, "ehci", "10")));
    for (int i = 0; i < 8; i++) {
      devices.add(tablet("d" + (i + 2), null));
    }
    Plan plan = BACKPLANE.plan(new PlanTopologyCommand(new Domain("x86_64", "pc", devices)));

    assertEquals(List.of("2", "3", "4", "5", "6", "1.1", "1.2", "1.3"), plan.of(DeviceKind.INPUT).stream()
        .filter(d -> "tablet".equals(d.type())).map(d -> ((Address.Usb) d.address()).port()).toList());
    assertEquals(new Address.Usb(0, "1"), plan.of(DeviceKind.HUB).get(0).address());
  }
}
