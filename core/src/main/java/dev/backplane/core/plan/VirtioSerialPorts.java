package dev.backplane.core.plan;

import dev.backplane.core.model.Address;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.InvalidDomainException;
import dev.backplane.core.model.PlanRule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Ports on virtio-serial controllers for channels, from port 1 (port 0 is the virtio console's). */
final class VirtioSerialPorts {
  private static final int DEFAULT_PORTS = 31;

  private VirtioSerialPorts() {}

  static boolean isVirtio(Device d) {
    return "virtio".equals(d.attribute(Device.TARGET_TYPE));
  }

  private static long portsOf(Device controller) {
    Long ports = controller.number(Device.PORTS);
    return ports == null ? DEFAULT_PORTS : ports;
  }

  static void assign(Work work) {
    Set<String> used = new HashSet<>();
    for (Device d : work.each()) { // libvirt reserves every device's virtio-serial address
      boolean mirror = d.kind() == DeviceKind.CONSOLE && "serial".equals(d.attribute(Device.TARGET_TYPE));
      if (mirror || !(d.address() instanceof Address.VirtioSerial vs) || vs.port() <= 0) {
        continue;
      }
      long ports = DEFAULT_PORTS;
      for (Device c : work.controllers("virtio-serial")) {
        if (c.index() != null && c.index() == vs.controller()) {
          ports = portsOf(c);
          break;
        }
      }
      if (vs.port() >= ports) {
        throw new InvalidDomainException(d.describe(),
            "virtio-serial controller " + vs.controller() + " has ports 0.." + (ports - 1)
                + ", not port " + vs.port(),
            "use a lower port, raise the controller's ports, or remove the <address>");
      }
      if (!used.add(vs.controller() + ":" + vs.bus() + ":" + vs.port())) {
        throw new InvalidDomainException(d.describe(),
            "virtio-serial port " + vs.port() + " of controller " + vs.controller() + " is used twice",
            "remove one <address> to let Backplane choose a port");
      }
    }
    List<Device> controllers = new ArrayList<>(work.controllers("virtio-serial"));
    controllers.sort(Work.byIndex());
    // A virtio console with a virtio-serial address but no port takes a port from 1 of
    // controller 0, whatever controller it names (libvirt assigns into a blank address and
    // keeps the console's own, written with port 0). A console without one takes nothing.
    for (Device d : work.list(DeviceKind.CONSOLE)) {
      if (isVirtio(d) && d.address() instanceof Address.VirtioSerial vs && vs.port() <= 0) {
        Device first = null;
        for (Device c : controllers) {
          if (c.index() != null && c.index() == 0) {
            first = c;
            break;
          }
        }
        if (first == null) {
          throw new InvalidDomainException(d.describe(),
              "virtio-serial controller 0 not available (libvirt takes a console's port from"
                  + " controller 0, whatever controller its <address> names)",
              "add a virtio-serial controller with index 0, or give the console a port");
        }
        if (firstFreePort(first, used) == null) {
          throw new InvalidDomainException(d.describe(),
              "no port of virtio-serial controller 0 is free (libvirt takes a console's port from"
                  + " controller 0, whatever controller its <address> names)",
              "raise controller 0's ports or give the console a port");
        }
      }
    }
    List<Device> channels = work.list(DeviceKind.CHANNEL); // a virtio console takes QEMU's port 0 by itself
    for (int i = 0; i < channels.size(); i++) {
      Device d = channels.get(i);
      if (!isVirtio(d)) {
        continue;
      }
      Address.VirtioSerial given = d.address() instanceof Address.VirtioSerial vs ? vs : null;
      if (given != null && given.port() > 0) {
        continue;
      }
      Address.VirtioSerial found = null;
      for (Device c : controllers) {
        if (given == null || given.controller() == c.index()) {
          found = firstFreePort(c, used);
          if (found != null) {
            break;
          }
        }
      }
      if (found == null && given != null) {
        throw new InvalidDomainException(d.describe(),
            "no port of virtio-serial controller " + given.controller() + " is free",
            "raise that controller's ports, or remove the controller from the <address>");
      }
      if (found == null) { // libvirt adds a controller at the lowest free index, in the device walk
        int index = lowestFreeIndex(controllers);
        Device added = work.add(DomainDefaults.controller("virtio-serial", index, null),
            PlanRule.VIRTIO_SERIAL_FULL, index, d);
        controllers.add(added);
        found = firstFreePort(added, used);
      }
      channels.set(i, work.why(d.withAddress(found), PlanRule.VIRTIO_SERIAL_PORT, found));
    }
  }

  private static Address.VirtioSerial firstFreePort(Device controller, Set<String> used) {
    long ports = portsOf(controller);
    for (int port = 1; port < ports; port++) {
      if (used.add(controller.index() + ":0:" + port)) {
        return new Address.VirtioSerial(controller.index(), 0, port);
      }
    }
    return null;
  }

  private static int lowestFreeIndex(List<Device> controllers) {
    Set<Integer> taken = new HashSet<>();
    controllers.forEach(c -> taken.add(c.index()));
    int index = 0;
    while (taken.contains(index)) {
      index++;
    }
    return index;
  }
}
