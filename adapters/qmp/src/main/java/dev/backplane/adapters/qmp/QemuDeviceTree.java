package dev.backplane.adapters.qmp;

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
 * QEMU's device tree as the monitor command {@code info qtree} prints it: buses (with their QOM
 * bus type, such as {@code PCIE}, {@code PCI}, {@code ISA}) hold devices, devices hold buses.
 * Nesting is read from the indentation, which QEMU prints two spaces per level.
 *
 * <pre>
 *     bus: pci.1
 *       type PCIE
 *       dev: virtio-net-pci, id "net0"
 *         addr = 00.0
 * </pre>
 *
 * <p>Everything is kept in the order QEMU printed it: a bus lists its newest device first, so
 * creation order is the reverse of {@link Bus#devices()} (and of {@link Device#buses()}).
 * {@link #devices()} lists every device in printed order, each before the devices on its buses.
 *
 * <p>Used by the machine-type probe (what a machine builds by itself) and by {@code backplane
 * verify} (where QEMU put each planned device).
 */
public final class QemuDeviceTree {
  private static final Pattern DEV_ID = Pattern.compile(".*, id \"(.*)\"");
  private static final Pattern PROPERTY = Pattern.compile("([A-Za-z0-9_.-]+) = (.*)");
  /** A number followed by its hex or human form: {@code 10 (0xa)}, {@code 34359738368 (32 GiB)}. */
  private static final Pattern NUMBER = Pattern.compile("(\\S+) \\(.*\\)");
  /** A USB device's attachment line: {@code addr 0.0, port 1.1, speed 12, name ..., attached}. */
  private static final Pattern USB_ATTACHED = Pattern.compile("addr \\S+, port (\\S+), .*");

  /** A bus: its name ({@code pcie.0}), its QOM type ({@code PCIE}) and its devices. */
  public static final class Bus {
    private final String name;
    private String type = "";
    private final List<Device> devices = new ArrayList<>();

    private Bus(String name) {
      this.name = name;
    }

    /** QEMU's name for the bus: {@code pcie.0}, {@code pci.1}, {@code usb.0}. */
    public String name() {
      return name;
    }

    /** The QOM bus type ({@code PCIE}, {@code ISA}, {@code virtio-mmio-bus}); empty if not printed. */
    public String type() {
      return type;
    }

    /** The devices on this bus, as printed: newest first. */
    public List<Device> devices() {
      return Collections.unmodifiableList(devices);
    }
  }

  /**
   * A device: its QEMU type, its id, the bus it sits on, its properties, the USB port it is
   * attached to, and the buses it provides.
   */
  public static final class Device {
    private final String type;
    private final String id;
    private final String bus;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final List<Bus> buses = new ArrayList<>();
    private String usbPort;

    private Device(String type, String id, String bus) {
      this.type = type;
      this.id = id;
      this.bus = bus;
    }

    /** The QEMU device type: {@code virtio-net-pci}, {@code ICH9-LPC}. */
    public String type() {
      return type;
    }

    /** Its id; empty for devices QEMU built without one. */
    public String id() {
      return id;
    }

    /** The name of the bus it sits on: {@code pci.1}, {@code usb.0}. */
    public String bus() {
      return bus;
    }

    /** Its {@code name = value} properties, values without quotes and without the hex form of numbers. */
    public Map<String, String> properties() {
      return Collections.unmodifiableMap(properties);
    }

    /** A property's value ({@code property("addr")} is {@code "1f.2"} on PCI), or null. */
    public String property(String name) {
      return properties.get(name);
    }

    /** For an attached USB device, the port it is attached to ({@code 1.1}), or null. */
    public String usbPort() {
      return usbPort;
    }

    /** The buses this device provides, as printed: newest first. */
    public List<Bus> buses() {
      return Collections.unmodifiableList(buses);
    }

    /** {@code virtio-net-pci "net0"}, for messages. */
    public String describe() {
      return type + " \"" + id + "\"";
    }

    @Override
    public String toString() {
      return describe() + " on " + bus;
    }
  }

  private final Bus root;
  private final List<Device> devices;

  private QemuDeviceTree(Bus root, List<Device> devices) {
    this.root = root;
    this.devices = List.copyOf(devices);
  }

  /**
   * Parses {@code info qtree} output; lines it does not know are skipped.
   *
   * @throws IllegalArgumentException when the text is not a device tree (no bus, two top-level
   *     buses, a bus not under a device or a device not under a bus)
   */
  public static QemuDeviceTree parse(String text) {
    Bus root = null;
    List<Device> devices = new ArrayList<>();
    Deque<Object[]> open = new ArrayDeque<>(); // {indent, Bus|Device}
    for (String raw : text.split("\\R")) {
      if (raw.isBlank()) {
        continue;
      }
      int indent = 0;
      while (indent < raw.length() && raw.charAt(indent) == ' ') {
        indent++;
      }
      String line = raw.substring(indent).stripTrailing();
      while (!open.isEmpty() && (int) open.peek()[0] >= indent) {
        open.pop();
      }
      Object parent = open.isEmpty() ? null : open.peek()[1];
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
        open.push(new Object[] {indent, bus});
      } else if (line.startsWith("dev: ")) {
        if (!(parent instanceof Bus bus)) {
          throw new IllegalArgumentException("device line '" + line + "' is not under a bus");
        }
        String rest = line.substring(5);
        int comma = rest.indexOf(',');
        Matcher id = DEV_ID.matcher(rest);
        Device device = new Device((comma < 0 ? rest : rest.substring(0, comma)).strip(),
            id.matches() ? id.group(1) : "", bus.name);
        bus.devices.add(device);
        devices.add(device);
        open.push(new Object[] {indent, device});
      } else if (parent instanceof Bus bus && line.startsWith("type ")) {
        bus.type = line.substring(5).strip();
      } else if (parent instanceof Device device) {
        Matcher property = PROPERTY.matcher(line);
        Matcher usb = USB_ATTACHED.matcher(line);
        if (property.matches()) {
          device.properties.putIfAbsent(property.group(1), value(property.group(2)));
        } else if (usb.matches()) {
          device.usbPort = usb.group(1);
        }
      }
    }
    if (root == null) {
      throw new IllegalArgumentException("info qtree printed no bus");
    }
    return new QemuDeviceTree(root, devices);
  }

  /** The top-level bus ({@code main-system-bus}). */
  public Bus root() {
    return root;
  }

  /** Every device, in the order QEMU printed them: each before the devices on its buses. */
  public List<Device> devices() {
    return devices;
  }

  /**
   * The devices with this id, in printed order. Ids are unique among the devices the command line
   * created, but a device may create another one with its own id: QEMU 7.2's {@code pxb} adds an
   * internal {@code pci-bridge} with the pxb's id.
   */
  public List<Device> withId(String id) {
    if (id == null || id.isEmpty()) {
      return List.of();
    }
    return devices.stream().filter(d -> d.id.equals(id)).toList();
  }

  /**
   * The name QEMU gives the bus that {@code bus=NAME} on the command line means: {@code NAME}
   * itself when a bus has that name, otherwise the only bus of the device whose id is
   * {@code NAME} (QEMU's fallback: spapr-pci-host-bridge {@code pci.1} provides bus
   * {@code pci.1.0}); {@code NAME} when neither applies.
   */
  public String busNamed(String name) {
    if (devices.stream().flatMap(d -> d.buses.stream()).anyMatch(b -> b.name.equals(name))) {
      return name;
    }
    return devices.stream()
        .filter(d -> d.id.equals(name) && d.buses.size() == 1)
        .map(d -> d.buses.get(0).name)
        .findFirst()
        .orElse(name);
  }

  /** The devices on the bus named {@code bus}, in printed order. */
  public List<Device> on(String bus) {
    return devices.stream().filter(d -> d.bus.equals(bus)).toList();
  }

  private static String value(String raw) {
    String value = raw.strip();
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      return value.substring(1, value.length() - 1);
    }
    Matcher number = NUMBER.matcher(value);
    return number.matches() ? number.group(1) : value;
  }
}
