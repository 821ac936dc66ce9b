package dev.backplane.adapters.diagram;

import dev.backplane.core.model.Address;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.Plan;
import dev.backplane.spi.BusKind;
import dev.backplane.spi.ImplicitDevice;
import dev.backplane.spi.RootBus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A plan as a tree: the machine's root buses, the PCI controllers, ports, switches and bridges
 * below them (by the controller index a PCI address names), the endpoints in their slots, the
 * devices QEMU builds in, the devices behind USB, disk, SCSI and virtio-serial controllers, and
 * the free slots of every PCI bus. Both pictures (tree and DOT) are drawn from it.
 */
final class Topology {

  /** What a node is; each role is drawn in its own colour and shape. */
  enum Role {
    ROOT_COMPLEX("root complex"),
    EXPANDER("expander bus"),
    ROOT_PORT("root port"),
    SWITCH_UPSTREAM("switch upstream port"),
    SWITCH_DOWNSTREAM("switch downstream port"),
    BRIDGE("bridge"),
    CONTROLLER("controller"),
    BUILT_IN("built in"),
    ENDPOINT("endpoint"),
    BUS("bus"),
    FREE("free");

    final String words;

    Role(String words) {
      this.words = words;
    }
  }

  /**
   * One box of the picture. {@code place} is where it sits on its parent ({@code 02.1}, {@code
   * port 1}, {@code 0:0:0}); {@code name} the id QEMU knows it by; {@code what} its kind and model.
   */
  record Node(Role role, String place, String name, String what, List<Node> children) {
    Node {
      children = new ArrayList<>(children);
    }

    Node(Role role, String place, String name, String what) {
      this(role, place, name, what, List.of());
    }
  }

  /** The tree's roots, in the machine's root-bus order, then devices on no bus. */
  final List<Node> roots = new ArrayList<>();
  final String title;

  private final Plan plan;
  private final Map<Integer, Device> pciControllers = new LinkedHashMap<>();
  private final Set<Device> drawn = new HashSet<>();

  Topology(Plan plan) {
    this.plan = plan;
    this.title = plan.machine().name() + " (" + plan.arch() + ")";
    for (Device controller : plan.controllers()) {
      if (controller.isController("pci") && controller.index() != null) {
        pciControllers.put(controller.index(), controller);
      }
    }
    build();
  }

  private void build() {
    boolean firstPciRoot = true;
    for (RootBus bus : plan.machine().rootBuses()) {
      if (bus.kind().isPci()) {
        if (firstPciRoot) {
          firstPciRoot = false;
          Device root = pciControllers.get(0);
          drawn.add(root);
          Node node = new Node(Role.ROOT_COMPLEX, "", bus.name(),
              bus.controllerModel().orElse(bus.kind().name().toLowerCase(Locale.ROOT)));
          fillPciBus(node, 0, bus.firstSlot(), bus.lastSlot(), true);
          roots.add(node);
        }
      } else {
        Node node = new Node(Role.BUS, "", bus.name(), bus.kind().name().toLowerCase(Locale.ROOT) + " bus");
        fillOtherRootBus(node, bus);
        roots.add(node);
      }
    }
    // further roots: pSeries host bridges and expander buses with no upstream address
    for (Device controller : pciControllers.values()) {
      if (!drawn.contains(controller) && controller.address() == null) {
        drawn.add(controller);
        Node node = pciControllerNode(controller, "");
        roots.add(node);
      }
    }
    List<Node> unplaced = new ArrayList<>();
    for (Device device : plan.devices()) {
      if (!drawn.contains(device) && isDrawable(device)) {
        unplaced.add(new Node(device.kind() == DeviceKind.CONTROLLER ? Role.CONTROLLER : Role.ENDPOINT,
            addressWords(device.address()), name(device), what(device)));
      }
    }
    if (!unplaced.isEmpty()) {
      roots.add(new Node(Role.BUS, "", "(no bus address)", "devices QEMU places itself", unplaced));
    }
  }

  /** Everything the guest sees as a device; graphics, audio backends and leases are host-side. */
  private static boolean isDrawable(Device device) {
    return switch (device.kind()) {
      case GRAPHICS, AUDIO, LEASE, REDIRFILTER -> false;
      default -> true;
    };
  }

  private Node pciControllerNode(Device controller, String place) {
    String model = controller.model();
    Role role = roleOf(model);
    Node node = new Node(role, place, name(controller), model == null ? "pci" : model);
    int first = 0;
    int last = 31;
    switch (model == null ? "" : model) {
      case "pcie-root-port", "pcie-switch-downstream-port" -> last = 0;
      case "pci-bridge", "pcie-to-pci-bridge", "pci-root", "pcie-root" -> first = 1;
      default -> { }
    }
    if ("pci-root".equals(model) || "pcie-root".equals(model)) {
      RootBus root = plan.machine().pciRoot().orElse(null);
      if (root != null) {
        first = root.firstSlot();
        last = root.lastSlot();
      }
    }
    fillPciBus(node, controller.index(), first, last, false);
    return node;
  }

  static Role roleOf(String model) {
    return switch (model == null ? "" : model) {
      case "pci-root", "pcie-root" -> Role.ROOT_COMPLEX;
      case "pci-expander-bus", "pcie-expander-bus" -> Role.EXPANDER;
      case "pcie-root-port" -> Role.ROOT_PORT;
      case "pcie-switch-upstream-port" -> Role.SWITCH_UPSTREAM;
      case "pcie-switch-downstream-port" -> Role.SWITCH_DOWNSTREAM;
      default -> Role.BRIDGE; // pci-bridge, pcie-to-pci-bridge, dmi-to-pci-bridge
    };
  }

  /** Puts under {@code node} what sits on PCI bus {@code index}, slot by slot, free slots too. */
  private void fillPciBus(Node node, int index, int firstSlot, int lastSlot, boolean withBuiltIns) {
    Map<Integer, List<Node>> bySlotFunction = new TreeMap<>();
    for (Device device : plan.devices()) {
      if (device.address() instanceof Address.Pci pci && pci.bus() == index) {
        drawn.add(device);
        Node child = device.isController("pci") && device.index() != null
            ? pciControllerNode(device, place(pci))
            : deviceNode(device, place(pci));
        bySlotFunction.computeIfAbsent(pci.slot() * 8 + pci.function(), k -> new ArrayList<>()).add(child);
      }
    }
    if (withBuiltIns) {
      for (ImplicitDevice builtIn : plan.machine().implicitDevices()) {
        if (builtIn.hasPciAddress()) {
          int key = builtIn.slot().getAsInt() * 8 + builtIn.function().getAsInt();
          if (!bySlotFunction.containsKey(key)) { // a controller the plan lists stands for it
            bySlotFunction.put(key, List.of(new Node(Role.BUILT_IN,
                place(builtIn.slot().getAsInt(), builtIn.function().getAsInt()), builtIn.qemuType(),
                "built in")));
          }
        }
      }
    }
    Set<Integer> usedSlots = new HashSet<>();
    bySlotFunction.keySet().forEach(k -> usedSlots.add(k / 8));
    List<Node> children = new ArrayList<>();
    int slot = firstSlot;
    List<Integer> keys = new ArrayList<>(bySlotFunction.keySet());
    int next = 0;
    while (slot <= lastSlot || next < keys.size()) {
      int nextSlot = next < keys.size() ? keys.get(next) / 8 : Integer.MAX_VALUE;
      if (slot <= lastSlot && slot < nextSlot) {
        int end = Math.min(lastSlot, nextSlot - 1);
        children.add(new Node(Role.FREE, slot == end ? String.format("%02x", slot)
            : String.format("%02x-%02x", slot, end), "free",
            (end - slot + 1) + (slot == end ? " slot" : " slots")));
        slot = end + 1;
        continue;
      }
      int key = keys.get(next++);
      children.addAll(bySlotFunction.get(key));
      slot = Math.max(slot, key / 8 + 1);
    }
    node.children.addAll(children);
  }

  private Node deviceNode(Device device, String place) {
    Node node = new Node(device.kind() == DeviceKind.CONTROLLER ? Role.CONTROLLER : Role.ENDPOINT,
        place, name(device), what(device));
    if (device.kind() == DeviceKind.CONTROLLER && device.index() != null) {
      for (Device child : plan.devices()) {
        if (child != device && !drawn.contains(child) && sitsOn(child, device)) {
          drawn.add(child);
          node.children.add(deviceNode(child, addressWords(child.address())));
        }
      }
    }
    return node;
  }

  /** Whether {@code device}'s drive, USB or virtio-serial address names {@code controller}. */
  private static boolean sitsOn(Device device, Device controller) {
    int index = controller.index();
    String type = controller.type();
    Address address = device.address();
    if (address instanceof Address.Drive drive) {
      return drive.controller() == index && type.equals(driveController(device));
    }
    if (address instanceof Address.Usb usb) {
      return usb.bus() == index && type.equals("usb") && !device.isController("usb");
    }
    if (address instanceof Address.VirtioSerial port) {
      return port.controller() == index && type.equals("virtio-serial");
    }
    return false;
  }

  private static String driveController(Device device) {
    if (device.kind() == DeviceKind.DISK) {
      return device.bus();
    }
    return device.kind() == DeviceKind.HOSTDEV ? "scsi" : null;
  }

  private void fillOtherRootBus(Node node, RootBus bus) {
    List<Device> on = new ArrayList<>();
    for (Device device : plan.devices()) {
      Address address = device.address();
      boolean here = address instanceof Address.Ccw && bus.kind() == BusKind.CCW
          || address instanceof Address.SpaprVio && bus.kind() == BusKind.SPAPR_VIO
          || address instanceof Address.VirtioMmio && bus.kind() == BusKind.VIRTIO_MMIO;
      if (here && !drawn.contains(device)) {
        on.add(device);
      }
    }
    on.sort(Comparator.comparing(d -> addressWords(d.address())));
    for (Device device : on) {
      drawn.add(device);
      node.children.add(deviceNode(device, addressWords(device.address())));
    }
    if (bus.kind() != BusKind.PCI && bus.kind() != BusKind.PCIE) {
      for (ImplicitDevice builtIn : plan.machine().implicitDevices()) {
        if (!builtIn.hasPciAddress() && builtIn.bus().equals(bus.name())) {
          node.children.add(new Node(Role.BUILT_IN, "", builtIn.qemuType(), "built in"));
        }
      }
    }
  }

  static String place(Address.Pci pci) {
    return place(pci.slot(), pci.function());
  }

  static String place(int slot, int function) {
    return String.format("%02x.%x", slot, function);
  }

  /** An address in the words the tree uses: {@code 02.1}, {@code port 1}, {@code 0:0:1:0}, {@code fe.0.0007}. */
  static String addressWords(Address address) {
    if (address instanceof Address.Pci pci) {
      return place(pci);
    }
    if (address instanceof Address.Drive d) {
      return d.controller() + ":" + d.bus() + ":" + d.target() + ":" + d.unit();
    }
    if (address instanceof Address.Usb usb) {
      return "port " + usb.port();
    }
    if (address instanceof Address.VirtioSerial p) {
      return "port " + p.port();
    }
    if (address instanceof Address.Ccw ccw) {
      return ccw.toString();
    }
    if (address instanceof Address.SpaprVio vio) {
      return vio.reg() == null ? "reg ?" : "reg 0x" + Long.toHexString(vio.reg());
    }
    return address == null ? "" : address.type();
  }

  static String name(Device device) {
    return device.qemuId() != null ? device.qemuId() : device.describe();
  }

  /** The kind and model: {@code interface virtio}, {@code usb qemu-xhci}, {@code disk virtio vda}. */
  static String what(Device device) {
    StringBuilder s = new StringBuilder(
        device.kind() == DeviceKind.CONTROLLER ? device.type() : device.kind().element());
    if (device.model() != null) {
      s.append(' ').append(device.model());
    } else if (device.type() != null && device.kind() != DeviceKind.CONTROLLER
        && device.kind() != DeviceKind.DISK) {
      s.append(' ').append(device.type());
    }
    if (device.bus() != null && (device.kind() == DeviceKind.DISK || device.kind() == DeviceKind.INPUT)) {
      s.append(' ').append(device.bus());
    }
    if (device.kind() == DeviceKind.DISK && device.target() != null) {
      s.append(' ').append(device.target());
    }
    return s.toString();
  }
}
