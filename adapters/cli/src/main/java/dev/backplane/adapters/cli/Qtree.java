package dev.backplane.adapters.cli;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * QEMU's device tree as {@code info qtree} prints it: every {@code dev: TYPE, id "ID"} node with
 * the name of the bus it sits on and its {@code name = value} properties. Nesting is read from the
 * indentation, which QEMU prints two spaces per level.
 *
 * <pre>
 *     bus: pci.1
 *       type PCIE
 *       dev: virtio-net-pci, id "net0"
 *         addr = 00.0
 * </pre>
 */
final class Qtree {
  private static final Pattern BUS = Pattern.compile("bus: (\\S+)");
  private static final Pattern DEV = Pattern.compile("dev: ([^,]+), id \"(.*)\"");
  private static final Pattern PROPERTY = Pattern.compile("([A-Za-z0-9_.-]+) = (.*)");
  /** A number followed by its hex or human form: {@code 10 (0xa)}, {@code 34359738368 (32 GiB)}. */
  private static final Pattern NUMBER = Pattern.compile("(\\S+) \\(.*\\)");
  /** A USB device's attachment line: {@code addr 0.0, port 1.1, speed 12, name ..., attached}. */
  private static final Pattern USB_ATTACHED = Pattern.compile("addr \\S+, port (\\S+), .*");

  /**
   * One device.
   *
   * @param type the QEMU device type ({@code virtio-net-pci})
   * @param id its id, empty for devices QEMU built without one
   * @param bus the name of the bus it sits on ({@code pci.1}, {@code usb.0}), empty at the top
   * @param properties its properties, values without quotes and without the hex form of numbers
   * @param usbPort for a USB device, the port it is attached to, or null
   * @param buses the names of the buses the device provides, in printed order
   */
  record Node(String type, String id, String bus, Map<String, String> properties, String usbPort,
      List<String> buses) {
    Node {
      properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
      buses = List.copyOf(buses);
    }

    /** A property's value, or null. */
    String property(String name) {
      return properties.get(name);
    }

    /** {@code virtio-net-pci "net0"}, for messages. */
    String describe() {
      return type + " \"" + id + "\"";
    }
  }

  private final List<Node> nodes;

  private Qtree(List<Node> nodes) {
    this.nodes = List.copyOf(nodes);
  }

  /** Parses the output of {@code info qtree}; lines it does not know are skipped. */
  static Qtree parse(String text) {
    List<Node> nodes = new ArrayList<>();
    Deque<Level> open = new ArrayDeque<>();
    for (String line : text.split("\\R")) {
      if (line.isBlank()) {
        continue;
      }
      int indent = indentOf(line);
      String content = line.substring(indent);
      while (!open.isEmpty() && open.peek().indent >= indent) {
        close(open.pop(), nodes);
      }
      Matcher bus = BUS.matcher(content);
      Matcher dev = DEV.matcher(content);
      if (bus.matches()) {
        if (!open.isEmpty() && open.peek().bus == null) {
          open.peek().buses.add(bus.group(1));
        }
        open.push(Level.bus(indent, bus.group(1)));
      } else if (dev.matches()) {
        String parent = open.stream().filter(l -> l.bus != null).findFirst().map(l -> l.bus).orElse("");
        open.push(Level.device(indent, dev.group(1), dev.group(2), parent, nodes.size()));
        nodes.add(null); // set when the device closes, so nodes stay in printed order
      } else if (!open.isEmpty() && open.peek().bus == null) {
        Level device = open.peek();
        Matcher property = PROPERTY.matcher(content);
        Matcher usb = USB_ATTACHED.matcher(content);
        if (property.matches()) {
          device.properties.putIfAbsent(property.group(1), value(property.group(2)));
        } else if (usb.matches()) {
          device.usbPort = usb.group(1);
        }
      }
    }
    while (!open.isEmpty()) {
      close(open.pop(), nodes);
    }
    return new Qtree(nodes);
  }

  /** Every device, in the order QEMU printed them. */
  List<Node> nodes() {
    return nodes;
  }

  /**
   * The devices with this id, in printed order. Ids are unique among the devices the command line
   * created, but a device may create another one with its own id: QEMU 7.2's {@code pxb} adds an
   * internal {@code pci-bridge} with the pxb's id.
   */
  List<Node> withId(String id) {
    if (id == null || id.isEmpty()) {
      return List.of();
    }
    return nodes.stream().filter(n -> n.id().equals(id)).toList();
  }

  /**
   * The name QEMU gives the bus that {@code bus=NAME} on the command line means: {@code NAME}
   * itself when a bus has that name, otherwise the only bus of the device whose id is
   * {@code NAME} (QEMU's fallback: spapr-pci-host-bridge {@code pci.1} provides bus
   * {@code pci.1.0}); {@code NAME} when neither applies.
   */
  String busNamed(String name) {
    if (nodes.stream().anyMatch(n -> n.buses().contains(name))) {
      return name;
    }
    return nodes.stream()
        .filter(n -> n.id().equals(name) && n.buses().size() == 1)
        .map(n -> n.buses().get(0))
        .findFirst()
        .orElse(name);
  }

  /** The devices on the bus named {@code bus}. */
  List<Node> on(String bus) {
    return nodes.stream().filter(n -> n.bus().equals(bus)).toList();
  }

  private static void close(Level level, List<Node> nodes) {
    if (level.bus == null) {
      nodes.set(level.position,
          new Node(level.type, level.id, level.parentBus, level.properties, level.usbPort, level.buses));
    }
  }

  private static int indentOf(String line) {
    int i = 0;
    while (i < line.length() && line.charAt(i) == ' ') {
      i++;
    }
    return i;
  }

  private static String value(String raw) {
    String value = raw.strip();
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      return value.substring(1, value.length() - 1);
    }
    Matcher number = NUMBER.matcher(value);
    return number.matches() ? number.group(1) : value;
  }

  /** An open bus or device while parsing. */
  private static final class Level {
    final int indent;
    final String bus;
    final String type;
    final String id;
    final String parentBus;
    final int position;
    final Map<String, String> properties = new LinkedHashMap<>();
    final List<String> buses = new ArrayList<>();
    String usbPort;

    private Level(int indent, String bus, String type, String id, String parentBus, int position) {
      this.indent = indent;
      this.position = position;
      this.bus = bus;
      this.type = type;
      this.id = id;
      this.parentBus = parentBus;
    }

    static Level bus(int indent, String name) {
      return new Level(indent, name, null, null, null, -1);
    }

    static Level device(int indent, String type, String id, String parentBus, int position) {
      return new Level(indent, null, type, id, parentBus, position);
    }
  }
}
