package dev.backplane.core.plan;

import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.PlanRule;
import java.util.List;

/**
 * libvirt 9.0's target port numbers of serial ports, parallel ports and consoles, given before its
 * console compatibility adds a serial port or a console (domain_postparse.c, domain_conf.c):
 *
 * <ol>
 *   <li>serial ports written as {@code isa-serial} without a port take the lowest of 0..3 that no
 *       other port written as isa-serial has (virDomainChrIsaSerialDefPostParse);
 *   <li>a parallel port without one takes one more than the highest of the parallel ports before
 *       it (the parser numbers them as it reads them, so a port written later does not count);
 *   <li>then every other serial port without one takes one more than the highest serial port so
 *       far, in the domain's order (virDomainChrDefPostParse), so a port written later in the
 *       list counts too;
 *   <li>a console's port is its place among the consoles, whatever it says (the parser sets it).
 * </ol>
 */
final class TargetPorts {
  private static final int ISA_SERIAL_PORTS = 4;

  private TargetPorts() {}

  static void assign(Work work) {
    List<Device> serials = work.list(DeviceKind.SERIAL);
    boolean[] isaUsed = new boolean[ISA_SERIAL_PORTS];
    for (Device d : serials) {
      Integer port = portOf(d);
      if (isIsaSerial(d) && port != null && port >= 0 && port < ISA_SERIAL_PORTS) {
        isaUsed[port] = true;
      }
    }
    for (int i = 0; i < serials.size(); i++) {
      Device d = serials.get(i);
      if (!isIsaSerial(d) || portOf(d) != null) {
        continue;
      }
      for (int port = 0; port < ISA_SERIAL_PORTS; port++) {
        if (!isaUsed[port]) {
          isaUsed[port] = true;
          serials.set(i, withPort(work, d, port, "the lowest free isa-serial port of 0..3"));
          break;
        }
      }
    }
    List<Device> parallels = work.list(DeviceKind.PARALLEL);
    for (int i = 0; i < parallels.size(); i++) {
      if (portOf(parallels.get(i)) == null) {
        parallels.set(i, withPort(work, parallels.get(i), highest(parallels.subList(0, i)) + 1,
            "one past the highest parallel port before it"));
      }
    }
    for (int i = 0; i < serials.size(); i++) {
      if (portOf(serials.get(i)) == null) {
        serials.set(i, withPort(work, serials.get(i), highest(serials) + 1, "one past the highest serial port"));
      }
    }
    List<Device> consoles = work.list(DeviceKind.CONSOLE);
    for (int i = 0; i < consoles.size(); i++) {
      Device d = consoles.get(i);
      if (!Integer.valueOf(i).equals(portOf(d))) {
        consoles.set(i, withPort(work, d, i, "console number " + i + " of the domain"));
      }
    }
  }

  /** The highest port written or given among {@code ports}; -1 when none has one. */
  private static int highest(List<Device> ports) {
    int highest = -1;
    for (Device d : ports) {
      Integer port = portOf(d);
      if (port != null && port > highest) {
        highest = port;
      }
    }
    return highest;
  }

  private static boolean isIsaSerial(Device d) {
    return "isa-serial".equals(d.attribute(Device.TARGET_TYPE));
  }

  /** The written port; null for none, and for -1, which libvirt reads as none. */
  private static Integer portOf(Device d) {
    String port = d.attribute(Device.PORT);
    if (port == null) {
      return null;
    }
    try {
      int value = Integer.parseInt(port);
      return value == -1 ? null : value;
    } catch (NumberFormatException e) {
      return null; // the reader refuses what is not a number
    }
  }

  private static Device withPort(Work work, Device d, int port, String why) {
    return work.why(d.toBuilder().attribute(Device.PORT, Integer.toString(port)).build(),
        PlanRule.TARGET_PORT, port, why);
  }
}
