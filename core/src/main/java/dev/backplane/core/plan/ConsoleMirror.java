package dev.backplane.core.plan;

import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.PlanRule;
import java.util.List;

/**
 * libvirt writes a first console of target type serial as a copy of the first serial port
 * (virDomainDefFormatInternal), so the console shows the port's type and target port (a pty
 * console before a file port is written as that file port) and address (spapr-vio, PCI for pci-serial, USB for
 * usb-serial).
 */
final class ConsoleMirror {
  private ConsoleMirror() {}

  static void apply(Work work) {
    List<Device> consoles = work.list(DeviceKind.CONSOLE);
    List<Device> serials = work.list(DeviceKind.SERIAL);
    if (consoles.isEmpty() || serials.isEmpty()) {
      return;
    }
    Device console = consoles.get(0);
    Device port = serials.get(0);
    if (!"serial".equals(console.attribute(Device.TARGET_TYPE))) {
      return;
    }
    boolean otherType = port.type() != null && !port.type().equals(console.type());
    String number = port.attribute(Device.PORT);
    if (otherType || number != null && !number.equals(console.attribute(Device.PORT))) {
      console = console.toBuilder().type(otherType ? port.type() : console.type())
          .attribute(Device.PORT, number).build();
      consoles.set(0, console);
    }
    if (console.address() == null && port.address() != null) {
      consoles.set(0, work.why(console.withAddress(port.address()), PlanRule.CONSOLE_MIRROR,
          port.address()));
    }
  }
}
