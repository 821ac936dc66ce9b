package dev.backplane.core.plan;

import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.PlanRule;
import java.util.List;

/**
 * libvirt writes a first console of target type serial as a copy of the first serial port, so
 * the console shows the port's address (spapr-vio, PCI for pci-serial, USB for usb-serial).
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
    if ("serial".equals(console.attribute(Device.TARGET_TYPE)) && console.address() == null
        && serials.get(0).address() != null) {
      consoles.set(0, work.why(console.withAddress(serials.get(0).address()), PlanRule.CONSOLE_MIRROR,
          serials.get(0).address()));
    }
  }
}
