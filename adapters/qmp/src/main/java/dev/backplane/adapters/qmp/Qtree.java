package dev.backplane.adapters.qmp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The device tree QEMU prints for {@code info qtree}: buses (with their QOM bus type, such as
 * {@code PCIE}, {@code PCI}, {@code ISA}) hold devices, devices hold buses. Children are listed
 * newest first; {@link #parse} keeps them in creation order (oldest first).
 */
final class Qtree {
  private Qtree() {}

  /** A bus: its name ({@code pcie.0}), its QOM type ({@code PCIE}) and its devices. */
  static final class Bus {
    final String name;
    String type = "";
    final List<Device> devices = new ArrayList<>();

    Bus(String name) {
      this.name = name;
    }
  }

  /** A device: its QOM type ({@code ICH9-LPC}), its PCI {@code addr} when it has one, its buses. */
  static final class Device {
    final String type;
    String addr;
    final List<Bus> buses = new ArrayList<>();

    Device(String type) {
      this.type = type;
    }
  }

  /**
   * Parses {@code info qtree} output.
   *
   * @throws IllegalArgumentException when the text is not a device tree
   */
  static Bus parse(String text) {
    Bus root = null;
    Deque<Object[]> stack = new ArrayDeque<>(); // {indent, Bus|Device}
    for (String raw : text.split("\n")) {
      if (raw.isBlank()) {
        continue;
      }
      int indent = 0;
      while (indent < raw.length() && raw.charAt(indent) == ' ') {
        indent++;
      }
      String line = raw.substring(indent).stripTrailing();
      while (!stack.isEmpty() && (int) stack.peek()[0] >= indent) {
        stack.pop();
      }
      Object parent = stack.isEmpty() ? null : stack.peek()[1];
      if (line.startsWith("bus: ")) {
        Bus bus = new Bus(line.substring(5).strip());
        if (parent == null) {
          if (root != null) {
            throw new IllegalArgumentException("info qtree has two top-level buses");
          }
          root = bus;
        } else if (parent instanceof Device device) {
          device.buses.add(bus);
        } else {
          throw new IllegalArgumentException("bus " + bus.name + " is not under a device");
        }
        stack.push(new Object[] {indent, bus});
      } else if (line.startsWith("dev: ")) {
        if (!(parent instanceof Bus bus)) {
          throw new IllegalArgumentException("device line '" + line + "' is not under a bus");
        }
        String rest = line.substring(5);
        int comma = rest.indexOf(',');
        Device device = new Device((comma < 0 ? rest : rest.substring(0, comma)).strip());
        bus.devices.add(device);
        stack.push(new Object[] {indent, device});
      } else if (line.startsWith("type ") && parent instanceof Bus bus) {
        bus.type = line.substring(5).strip();
      } else if (line.startsWith("addr = ") && parent instanceof Device device) {
        device.addr = line.substring(7).strip();
      }
    }
    if (root == null) {
      throw new IllegalArgumentException("info qtree printed no bus");
    }
    reverse(root);
    return root;
  }

  /** qtree lists the newest child first; creation order is the reverse. */
  private static void reverse(Bus bus) {
    java.util.Collections.reverse(bus.devices);
    for (Device device : bus.devices) {
      java.util.Collections.reverse(device.buses);
      device.buses.forEach(Qtree::reverse);
    }
  }
}
