package dev.backplane.adapters.cli;

import dev.backplane.core.Backplane;
import dev.backplane.core.model.Address;
import dev.backplane.core.model.Capacity;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.Plan;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * One line of {@code plan --capacity KIND:MODEL}, tab-separated: {@code KIND:MODEL}, how many more
 * can be hot-plugged ({@code 256+} when counting stopped at {@link Capacity#MAX}), where the next
 * goes ({@code pci 04:00.0}, or {@code -}), and why one more is refused (or {@code -}).
 */
final class CapacityLine {
  private CapacityLine() {}

  static String of(Backplane backplane, Plan plan, String wanted, CommandLine commandLine) {
    int colon = wanted.indexOf(':');
    DeviceKind kind = colon < 0 ? null : DeviceKind.fromElement(wanted.substring(0, colon));
    if (kind == null || colon == wanted.length() - 1) {
      throw new ParameterException(commandLine, "--capacity " + wanted
          + ": write KIND:MODEL with KIND a libvirt device element, as in interface:virtio");
    }
    Capacity capacity;
    try {
      capacity = backplane.capacity(plan, kind, wanted.substring(colon + 1));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(commandLine, "--capacity " + wanted + ": " + e.getMessage());
    }
    return wanted
        + "\t" + capacity.count() + (capacity.limit().isEmpty() ? "+" : "")
        + "\t" + capacity.next().map(CapacityLine::address).orElse("-")
        + "\t" + capacity.limit().map(Main::oneLine).orElse("-");
  }

  private static String address(Address address) {
    if (address instanceof Address.Drive d) {
      return "drive " + d.controller() + ":" + d.bus() + ":" + d.target() + ":" + d.unit();
    }
    if (address instanceof Address.VirtioSerial v) {
      return "virtio-serial " + v.controller() + ":" + v.bus() + ":" + v.port();
    }
    if (address instanceof Address.Usb u) {
      return "usb " + u.bus() + ":" + u.port();
    }
    if (address instanceof Address.SpaprVio v) {
      return "spapr-vio " + (v.reg() == null ? "-" : "0x" + Long.toHexString(v.reg()));
    }
    return address.type() + " " + address;
  }
}
