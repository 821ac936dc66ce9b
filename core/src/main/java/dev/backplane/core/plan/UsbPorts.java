package dev.backplane.core.plan;

import dev.backplane.spi.DeviceModel;
import dev.backplane.core.model.Address;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.InvalidDomainException;
import dev.backplane.core.model.PlanRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * USB ports: each controller index is a bus with its model's port count; a hub adds eight ports
 * below its own. Devices take the lowest free port of the lowest bus, a hub's ports after the
 * bus's own.
 */
final class UsbPorts {
  private static final int HUB_PORTS = 8;
  /** libvirt's deepest port path (1.2.3.4): the ports of a hub plugged in at that depth are never free. */
  private static final int MAX_DEPTH = 4;
  /** libvirt's USB device walk: the order in which devices without an address get ports. */
  private static final List<DeviceKind> ORDER = List.of(DeviceKind.HUB, DeviceKind.HOSTDEV,
      DeviceKind.DISK, DeviceKind.CONTROLLER, DeviceKind.INPUT, DeviceKind.SERIAL, DeviceKind.SOUND,
      DeviceKind.REDIRDEV);

  /**
   * libvirt's free-port search: a hub's own ports first, then the hubs plugged into it, in port
   * order ("3" before "1.1", "1.3" before "1.2.1", "1.8" before "2.1").
   */
  private static final Comparator<String> SEARCH_ORDER = (a, b) -> Arrays.compare(searchKey(a), searchKey(b));

  private UsbPorts() {}

  /** The hub path with each step shifted up by one, then 0, then the port: "1.2.3" is 2,3,0,3. */
  private static long[] searchKey(String port) { // a path the libvirt-xml adapter has checked
    String[] steps = port.split("\\.");
    long[] key = new long[steps.length + 1];
    for (int i = 0; i < steps.length - 1; i++) {
      key[i] = Long.parseLong(steps[i]) + 1;
    }
    key[steps.length - 1] = 0;
    key[steps.length] = Long.parseLong(steps[steps.length - 1]);
    return key;
  }

  /**
   * A controller's own ports, from the catalog: a fixed count, or (XHCI) the count its
   * {@code ports} attribute sets; none for a companion, which serves its master's.
   */
  private static int portsOf(Device controller, Work work) {
    DeviceModel model = work.modelOf(controller).orElse(null);
    if (model == null || model.isCompanion() || model.usbPorts().isEmpty()) {
      return 0;
    }
    Long set = model.usbPortsAttribute().map(controller::number).orElse(null);
    return set != null ? set.intValue() : model.usbPorts().get();
  }

  static boolean usesUsb(Device d) {
    return switch (d.kind()) {
      case INPUT, REDIRDEV, DISK -> "usb".equals(d.bus());
      case HUB, HOSTDEV -> "usb".equals(d.type());
      case CONTROLLER -> "ccid".equals(d.type());
      case SOUND -> "usb".equals(d.model());
      case SERIAL -> "usb-serial".equals(d.attribute(Device.TARGET_TYPE));
      default -> false;
    };
  }

  static void assign(Work work) {
    if (!anyUsbDevice(work)) {
      return; // no port to check or give (the usual q35 domain: a USB controller and no tablet)
    }
    Map<Integer, Bus> buses = new LinkedHashMap<>();
    List<Device> controllers = new ArrayList<>(work.controllers("usb"));
    controllers.sort(Work.byIndex());
    controllers.forEach(c -> {
      Bus bus = buses.computeIfAbsent(c.index(), k -> new Bus());
      int ports = portsOf(c, work);
      for (int p = 1; p <= ports; p++) {
        bus.add(Integer.toString(p));
      }
    });
    addHubsIfShort(work, buses);
    List<Device> users = new ArrayList<>();
    for (DeviceKind kind : ORDER) {
      for (Device d : work.list(kind)) {
        if (usesUsb(d)) {
          users.add(d);
        }
      }
    }
    for (Device d : users) {
      if (d.address() instanceof Address.Usb usb) {
        Bus bus = buses.get(usb.bus());
        if (bus == null) {
          throw new InvalidDomainException(d.describe(), "USB bus " + usb.bus() + " does not exist",
              "remove the <address> or add a USB controller with index " + usb.bus());
        }
        if (usb.port() == null) {
          continue; // a bus without a port: the port is chosen below, on that bus
        }
        if (!bus.ports.contains(usb.port())) {
          throw new InvalidDomainException(d.describe(),
              "USB port " + usb.port() + " is not present on USB bus " + usb.bus()
                  + " (its controller has " + bus.topPorts() + " ports, a hub 8)",
              "use a port the controller or a hub with an address has, or remove the <address>");
        }
        if (!bus.free.remove(usb.port())) {
          throw new InvalidDomainException(d.describe(), "USB port " + usb.port() + " is used twice",
              "remove one <address> to let Backplane choose a port");
        }
        bus.addHubPorts(d, usb.port());
      }
    }
    if (!users.isEmpty() && buses.isEmpty()) {
      throw new InvalidDomainException(users.get(0).describe(), "the domain has no USB controller",
          "add a <controller type='usb' model='qemu-xhci'/>, or remove the USB device");
    }
    for (DeviceKind kind : ORDER) {
      List<Device> list = work.list(kind);
      for (int i = 0; i < list.size(); i++) {
        Device d = list.get(i);
        Integer onlyBus = d.address() instanceof Address.Usb usb && usb.port() == null ? usb.bus() : null;
        if (!usesUsb(d) || d.address() != null && onlyBus == null) {
          continue;
        }
        Address.Usb found = null;
        for (Map.Entry<Integer, Bus> bus : buses.entrySet()) {
          if ((onlyBus == null || onlyBus.equals(bus.getKey())) && !bus.getValue().free.isEmpty()) {
            found = new Address.Usb(bus.getKey(), bus.getValue().free.pollFirst());
            break;
          }
        }
        if (found == null) {
          throw new InvalidDomainException(d.describe(), "no USB port is free",
              "add a <hub type='usb'/> or a USB controller with more ports");
        }
        buses.get(found.bus()).addHubPorts(d, found.port());
        list.set(i, work.why(d.withAddress(found), PlanRule.USB_PORT, found));
      }
    }
  }

  private static boolean anyUsbDevice(Work work) {
    for (DeviceKind kind : ORDER) {
      for (Device d : work.list(kind)) {
        if (usesUsb(d)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * As libvirt does for a new domain: when the USB devices outnumber the ports, add enough hubs
   * (each takes one port and gives eight) for all of them and one spare.
   */
  private static void addHubsIfShort(Work work, Map<Integer, Bus> buses) {
    boolean given = false;
    for (Bus bus : buses.values()) {
      given |= bus.given != 0;
    }
    if (!given) {
      return;
    }
    long devices = 0;
    for (DeviceKind kind : ORDER) { // a loop, not a stream: this runs for every domain with USB
      if (kind != DeviceKind.HUB) {
        for (Device d : work.list(kind)) {
          devices += usesUsb(d) ? 1 : 0;
        }
      }
    }
    long ports = 0;
    for (Bus bus : buses.values()) {
      ports += bus.given;
    }
    for (Device hub : work.list(DeviceKind.HUB)) {
      ports += usesUsb(hub) ? HUB_PORTS - 1 : 0;
    }
    if (devices <= ports) {
      return;
    }
    long hubs = (devices - ports + 1 + HUB_PORTS - 2) / (HUB_PORTS - 1);
    for (long i = 0; i < hubs; i++) {
      work.add(Device.builder(DeviceKind.HUB).type("usb").build(), PlanRule.USB_HUB, devices, ports);
    }
  }

  /**
   * One USB bus: every port it has (a controller's own, then those of hubs plugged in), and those
   * still free in libvirt's search order, so that taking the next free port costs a logarithm, not
   * a sort of them all (10,000 USB devices and the hubs they need plan in well under a second).
   */
  private static final class Bus {
    final Set<String> ports = new HashSet<>();
    final TreeSet<String> free = new TreeSet<>(SEARCH_ORDER);
    /** Ports given, each time given: two controllers of one index count both their ports. */
    long given;

    void add(String port) {
      given++;
      ports.add(port);
      int depth = 0;
      for (int i = port.indexOf('.'); i >= 0; i = port.indexOf('.', i + 1)) {
        depth++;
      }
      if (depth < MAX_DEPTH) {
        free.add(port);
      }
    }

    long topPorts() {
      long top = 0;
      for (String p : ports) {
        top += p.indexOf('.') < 0 ? 1 : 0;
      }
      return top;
    }

    void addHubPorts(Device d, String port) {
      if (d.kind() == DeviceKind.HUB) {
        for (int p = 1; p <= HUB_PORTS; p++) {
          add(port + "." + p);
        }
      }
    }
  }
}
