package dev.backplane.adapters.libvirtxml;

import dev.backplane.core.model.Address;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.Plan;
import java.util.List;
import java.util.Objects;

/**
 * Applies a plan to a domain document: canonical machine, addresses and planner-filled fields of
 * existing devices, new elements for added devices. Touches nothing else.
 */
final class PlanWriter {
  /** libvirt's order of device kinds inside {@code <devices>}. */
  private static final List<String> KIND_ORDER = List.of(
      "emulator", "disk", "controller", "lease", "filesystem", "interface", "smartcard", "serial",
      "parallel", "console", "channel", "input", "tpm", "graphics", "sound", "audio", "video",
      "hostdev", "redirdev", "redirfilter", "hub", "watchdog", "memballoon", "rng", "nvram",
      "panic", "shmem", "memory", "iommu", "vsock", "crypto", "pstore");
  private static final List<String> PCI_PORT_MODELS = List.of(
      "pcie-root-port", "pcie-switch-downstream-port", "pcie-switch-upstream-port");

  private final XmlDocument document;
  private final DomainReader.Result read;

  PlanWriter(XmlDocument document, DomainReader.Result read) {
    this.document = document;
    this.read = read;
  }

  void apply(Plan plan) {
    for (Device device : plan.devices()) {
      if (device.key() != null && !read.elements().containsKey(device.key())) {
        throw new IllegalArgumentException("plan device " + device + " has key " + device.key()
            + ", which names no device of this document");
      }
    }
    writeMachine(plan);
    removeDevicesNotIn(plan);
    if (!plan.devices().isEmpty()) {
      XmlElement devices = devicesElement();
      writeControllers(devices, plan.controllers());
      List<Device> all = plan.devices();
      for (int i = 0; i < all.size(); i++) {
        Device device = all.get(i);
        if (device.kind() == DeviceKind.CONTROLLER) {
          continue;
        }
        if (device.key() != null) {
          update(read.elements().get(device.key()), device, read.devices().get(device.key()));
          copySerialSourceIntoConsole(plan, device);
        } else {
          XmlElement element = new XmlElement(device.kind().element());
          Dom.insert(devices, element, insertionPoint(devices, all, i), Dom.childIndent(devices));
          update(element, device, null);
        }
      }
      putPrimaryVideoFirst(devices, plan);
    }
  }

  /**
   * A serial console the plan gave the first serial port's type (libvirt writes it as a copy of
   * that port) gets the port's {@code <source>} too, so that the element stays whole.
   */
  private void copySerialSourceIntoConsole(Plan plan, Device console) {
    Device original = read.devices().get(console.key());
    if (console.kind() != DeviceKind.CONSOLE || original == null
        || Objects.equals(console.type(), original.type())) {
      return;
    }
    Device port = first(plan, DeviceKind.SERIAL);
    XmlElement portElement = port == null || port.key() == null ? null : read.elements().get(port.key());
    if (portElement == null) {
      return;
    }
    XmlElement element = read.elements().get(console.key());
    Dom.children(element, "source").forEach(element::remove);
    XmlElement target = Dom.child(element, "target");
    for (XmlElement source : Dom.children(portElement, "source")) {
      element.insertBefore(source.copy(), target); // null: at the end
    }
  }

  private static Device first(Plan plan, DeviceKind kind) {
    for (Device d : plan.devices()) {
      if (d.kind() == kind) {
        return d;
      }
    }
    return null;
  }

  /** libvirt lists the primary video (primary='yes') ahead of the others, wherever it was written. */
  private void putPrimaryVideoFirst(XmlElement devices, Plan plan) {
    Device first = first(plan, DeviceKind.VIDEO);
    List<XmlElement> written = Dom.children(devices, DeviceKind.VIDEO.element());
    if (first == null || first.key() == null || written.isEmpty()) {
      return;
    }
    XmlElement primary = read.elements().get(first.key());
    if (primary != null && primary != written.get(0)) {
      Dom.detach(primary);
      Dom.insert(devices, primary, Dom.pointBefore(written.get(0)), Dom.childIndent(devices));
    }
  }

  /** A device of the document that the plan lacks was removed from it ({@code Backplane.remove}). */
  private void removeDevicesNotIn(Plan plan) {
    java.util.Set<String> kept = new java.util.HashSet<>();
    plan.devices().forEach(d -> kept.add(d.key()));
    read.elements().forEach((key, element) -> {
      if (!kept.contains(key)) {
        Dom.detach(element);
      }
    });
  }

  private void writeMachine(Plan plan) {
    XmlElement root = document.root();
    XmlElement os = Dom.child(root, "os");
    if (os == null) {
      os = new XmlElement("os");
      XmlElement devices = Dom.child(root, "devices");
      if (devices != null) {
        Dom.insert(root, os, Dom.pointBefore(devices), Dom.childIndent(root));
      } else {
        Dom.append(root, os);
      }
    }
    XmlElement type = Dom.child(os, "type");
    if (type == null) {
      type = Dom.ensureChild(os, "type");
      type.append(new XmlNode.Text("hvm"));
    }
    if (plan.arch() != null && type.get("arch").isEmpty()) { // absent or empty, as libvirt
      Dom.set(type, "arch", plan.arch());
    }
    if (!plan.machine().name().equals(type.get("machine"))) {
      Dom.set(type, "machine", plan.machine().name());
    }
  }

  private XmlElement devicesElement() {
    XmlElement root = document.root();
    XmlElement devices = Dom.child(root, "devices");
    if (devices == null) {
      devices = new XmlElement("devices");
      Dom.append(root, devices);
    }
    return devices;
  }

  /** All controllers, in plan order, where the first controller was (or where one belongs). */
  private void writeControllers(XmlElement devices, List<Device> controllers) {
    if (controllers.isEmpty()) {
      return;
    }
    List<XmlElement> existing = Dom.children(devices, "controller");
    String indent = Dom.childIndent(devices);
    XmlNode marker = new XmlNode.Comment("backplane");
    devices.insertBefore(marker, existing.isEmpty()
        ? insertionPoint(devices, DeviceKind.CONTROLLER) : Dom.pointBefore(existing.get(0)));
    for (Device controller : controllers) {
      XmlElement element;
      if (controller.key() != null) {
        element = read.elements().get(controller.key());
        Dom.detach(element);
      } else {
        element = new XmlElement("controller");
      }
      Dom.insert(devices, element, marker, indent);
      update(element, controller, controller.key() == null ? null : read.devices().get(controller.key()));
    }
    devices.remove(marker);
  }

  /**
   * Where added device {@code i} of the plan goes: before the document's element of the next
   * device of its kind in plan order (libvirt puts a console stub in front of the consoles), else
   * after the last element of its kind.
   */
  private XmlNode insertionPoint(XmlElement devices, List<Device> plan, int i) {
    DeviceKind kind = plan.get(i).kind();
    for (Device later : plan.subList(i + 1, plan.size())) {
      if (later.kind() == kind && later.key() != null) {
        return Dom.pointBefore(read.elements().get(later.key()));
      }
    }
    return insertionPoint(devices, kind);
  }

  /** After the last element of the kind, else before the first element of a later kind. */
  private static XmlNode insertionPoint(XmlElement devices, DeviceKind kind) {
    List<XmlElement> same = Dom.children(devices, kind.element());
    if (!same.isEmpty()) {
      return same.get(same.size() - 1).next();
    }
    int rank = KIND_ORDER.indexOf(kind.element());
    for (XmlElement child : Dom.children(devices)) {
      if (child.namespace() == null && KIND_ORDER.indexOf(child.name()) > rank) {
        return Dom.pointBefore(child);
      }
    }
    return Dom.endPoint(devices);
  }

  /** Writes the address and the fields that differ from what was read ({@code original} null: all). */
  private static void update(XmlElement element, Device device, Device original) {
    writeFields(element, device, original, false);
    if (device.address() != null) {
      Addresses.write(element, device.address()); // also a user's: libvirt writes every attribute
    } else if (original != null && original.address() != null
        || DomainReader.ignoresAddress(device.kind(), device.model())) {
      // dropped by the plan (a vfio-ap device's, a serial console's), or never read by libvirt;
      // a second <address> too, which libvirt reads no more than the first
      Dom.children(element, "address").forEach(element::remove);
    }
    writeFields(element, device, original, true);
  }

  /** The fields outside the address, or (after the address is written) the ones inside it. */
  private static void writeFields(XmlElement element, Device device, Device original, boolean inAddress) {
    for (DeviceFields.Binding binding : DeviceFields.of(device.kind())) {
      if (binding.path().startsWith("address") != inAddress) {
        continue;
      }
      String value = binding.get(device);
      if (device.kind() == DeviceKind.INPUT && binding.field() == DeviceFields.Field.BUS
          && "none".equals(value)) {
        element.removeAttribute(binding.attribute()); // libvirt writes an input on no bus without one
        continue;
      }
      if (value == null && original != null && binding.get(original) != null) {
        // the plan dropped what was written (a primary='yes' on video none, which libvirt clears)
        XmlElement holder = binding.path().isEmpty() ? element : Dom.path(element, binding.path());
        if (holder != null) {
          holder.removeAttribute(binding.attribute());
        }
        continue;
      }
      if (value == null || original != null && Objects.equals(value, binding.get(original))) {
        continue;
      }
      XmlElement holder = binding.path().isEmpty() ? element : Dom.ensurePath(element, binding.path());
      Dom.set(holder, binding.attribute(), format(device, binding, value));
    }
  }

  /** libvirt prints a PCI port's {@code <target port>} and zPCI ids in hex. */
  private static String format(Device device, DeviceFields.Binding binding, String value) {
    if (Device.ZPCI_UID.equals(binding.key()) || Device.ZPCI_FID.equals(binding.key())) {
      try {
        long id = Long.decode(value.trim());
        return Address.hex(id, Device.ZPCI_UID.equals(binding.key()) ? 4 : 8);
      } catch (NumberFormatException e) {
        return value;
      }
    }
    if (device.kind() == DeviceKind.CONTROLLER && Device.PORT.equals(binding.key())
        && PCI_PORT_MODELS.contains(device.model())) {
      try {
        String v = value.trim();
        int port = v.startsWith("0x") ? Integer.parseInt(v.substring(2), 16) : Integer.parseInt(v);
        return "0x" + Integer.toHexString(port);
      } catch (NumberFormatException e) {
        return value;
      }
    }
    return value;
  }
}
