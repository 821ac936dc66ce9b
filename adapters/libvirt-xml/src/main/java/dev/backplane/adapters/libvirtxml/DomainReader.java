package dev.backplane.adapters.libvirtxml;

import dev.backplane.core.model.Address;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.Domain;
import dev.backplane.core.model.InvalidDomainException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns a parsed domain document into the core {@link Domain}, remembering each device's element. */
final class DomainReader {

  /** The domain, and for each device key its element and the device as read. */
  record Result(Domain domain, Map<String, XmlElement> elements, Map<String, Device> devices) {
    /**
     * This result for a copy of the document it was read from: each key's element is the copy's
     * at the same place (key {@code d<n>}: the n-th element child of {@code <devices>}).
     */
    Result on(XmlDocument copy) {
      List<XmlElement> children = elements.isEmpty() ? List.of()
          : Dom.children(Dom.child(copy.root(), "devices"));
      Map<String, XmlElement> copied = new LinkedHashMap<>();
      for (String key : elements.keySet()) {
        copied.put(key, children.get(Integer.parseInt(key.substring(1)) - 1));
      }
      return new Result(domain, copied, devices);
    }
  }

  /**
   * Device elements libvirt 9.0 does not know yet, and so drops without a word as it does any
   * unknown element: {@code <pstore>}, which libvirt added after 9.0. They are left in the document as
   * written and take no part in the plan (no address, no slot they would hold).
   */
  private static final Set<DeviceKind> UNKNOWN_TO_LIBVIRT = Set.of(DeviceKind.PSTORE);

  /**
   * Attributes libvirt 9.0 refuses a device without ("Missing required attribute", "missing hub
   * device type", ...), per kind, as {@code path@attribute} ("" for the device element).
   */
  private static final Map<DeviceKind, List<String>> REQUIRED = Map.ofEntries(
      Map.entry(DeviceKind.HUB, List.of("@type")),
      Map.entry(DeviceKind.INPUT, List.of("@type")),
      Map.entry(DeviceKind.REDIRDEV, List.of("@type")),
      Map.entry(DeviceKind.SMARTCARD, List.of("@mode")),
      Map.entry(DeviceKind.SOUND, List.of("@model")),
      Map.entry(DeviceKind.MEMBALLOON, List.of("@model")),
      Map.entry(DeviceKind.WATCHDOG, List.of("@model")),
      Map.entry(DeviceKind.RNG, List.of("@model")),
      Map.entry(DeviceKind.IOMMU, List.of("@model")),
      Map.entry(DeviceKind.MEMORY, List.of("@model")),
      Map.entry(DeviceKind.CHANNEL, List.of("target@type")));

  private static final java.util.Set<DeviceKind> NO_ADDRESS = java.util.EnumSet.of(
      DeviceKind.GRAPHICS, DeviceKind.AUDIO, DeviceKind.LEASE, DeviceKind.REDIRFILTER);

  private DomainReader() {}

  static Result read(XmlDocument document, String source) {
    XmlElement root = document.root();
    if (!Dom.is(root, "domain")) {
      throw new InvalidDomainException(source + " <" + root.name() + ">",
          "the root element must be <domain>, not <" + root.name() + ">",
          "pass a libvirt domain XML document, as 'virsh dumpxml' prints it");
    }
    XmlElement type = Dom.path(root, "os/type");
    if (type == null || type.text().isBlank()) {
      XmlElement os = Dom.child(root, "os");
      throw new InvalidDomainException(source + (os == null ? " <domain>" : " <os>" + Dom.lineOf(os)),
          "an os <type> must be specified (libvirt refuses a domain without one)",
          "add <os><type arch='x86_64' machine='q35'>hvm</type></os> with the domain's architecture"
              + " and machine");
    }
    Map<String, XmlElement> elements = new LinkedHashMap<>();
    Map<String, Device> devices = new LinkedHashMap<>();
    Map<String, Device> written = new LinkedHashMap<>(); // as the elements say, for the writer
    XmlElement devicesElement = Dom.child(root, "devices");
    if (devicesElement != null) {
      Map<String, Integer> ordinals = new HashMap<>();
      Map<String, XmlElement> diskTargets = new HashMap<>();
      List<XmlElement> children = Dom.children(devicesElement);
      for (int i = 0; i < children.size(); i++) {
        XmlElement element = children.get(i);
        DeviceKind kind = element.namespace() == null
            ? DeviceKind.fromElement(element.name()) : null;
        if (kind == null || UNKNOWN_TO_LIBVIRT.contains(kind)) {
          continue;
        }
        int ordinal = ordinals.merge(kind.element(), 1, Integer::sum);
        String key = "d" + (i + 1);
        elements.put(key, element);
        Device device = device(element, kind, key, "<" + kind.element() + "> #" + ordinal + Dom.lineOf(element));
        if (kind == DeviceKind.DISK && device.target() != null) {
          XmlElement first = diskTargets.putIfAbsent(device.target(), element);
          if (first != null) {
            throw new InvalidDomainException("<disk> #" + ordinal + Dom.lineOf(element), "target '"
                + device.target() + "' is used by the disk" + Dom.lineOf(first) + " too (libvirt refuses"
                + " a duplicated disk target)", "give each disk its own <target dev>");
          }
        }
        devices.put(key, device);
        written.put(key, asWritten(element, device));
      }
    }
    java.util.Set<String> features = new java.util.LinkedHashSet<>();
    XmlElement featuresElement = Dom.child(root, "features");
    if (featuresElement != null) {
      Dom.children(featuresElement).forEach(f -> features.add(f.name()));
    }
    // libvirt reads an empty arch as none (virXPathString), so the host's: x86_64 here
    String arch = "".equals(Dom.attribute(type, "arch")) ? null : Dom.attribute(type, "arch");
    refuseAcpiWithoutUefi(root, arch, features, source);
    refuseLifecycleQemuCannotDo(root, source);
    refuseDuplicateHostdevs(elements);
    refuseDuplicateAudioIds(elements);
    refuseNumaNodesOutsideCells(root, elements);
    Domain domain = new Domain(arch, Dom.attribute(type, "machine"),
        new ArrayList<>(devices.values()), features);
    return new Result(domain, elements, written);
  }

  /**
   * A PCI controller's {@code <target><node>} (an expander bus's or a pSeries PHB's NUMA node)
   * must be one of the domain's {@code <cpu><numa>} cells, numbered 0..cells-1 (libvirt: "is
   * configured for a NUMA node not present in the domain's <cpu><numa> array").
   */
  private static void refuseNumaNodesOutsideCells(XmlElement root, Map<String, XmlElement> elements) {
    XmlElement numa = Dom.path(root, "cpu/numa");
    long cells = numa == null ? 0 : Dom.children(numa).stream().filter(c -> Dom.is(c, "cell")).count();
    for (XmlElement controller : elements.values()) {
      XmlElement node = Dom.is(controller, "controller") && "pci".equals(controller.get("type"))
          ? Dom.path(controller, "target/node") : null;
      if (node == null) {
        continue;
      }
      String where = "<controller type='pci' index='" + controller.get("index") + "' model='"
          + controller.get("model") + "'>" + Dom.lineOf(controller);
      long cell = AttributeValues.number(node.text().trim(), AttributeValues.Base.DECIMAL, 0,
          Integer.MAX_VALUE, where, "target node", "write the NUMA cell's id in decimal, e.g. <node>0</node>");
      if (cell >= cells) {
        throw new InvalidDomainException(where,
            "NUMA node " + cell + " is not a cell of the domain's <cpu><numa> (it has " + cells
                + (cells == 1 ? " cell)" : " cells)"),
            cells == 0 ? "remove the <node> element, or describe the NUMA cells in <cpu><numa>"
                : "use a node from 0 to " + (cells - 1) + ", or add the cell to <cpu><numa>");
      }
    }
  }

  /** libvirt: "audio ID N is used multiple times" (virDomainDefValidate: each audio backend its own id). */
  private static void refuseDuplicateAudioIds(Map<String, XmlElement> elements) {
    Map<String, XmlElement> seen = new HashMap<>();
    for (XmlElement audio : elements.values()) {
      String id = Dom.is(audio, "audio") ? Dom.attribute(audio, "id") : null;
      if (id == null) {
        continue;
      }
      XmlElement first = seen.putIfAbsent(id.trim(), audio);
      if (first != null) {
        throw new InvalidDomainException("<audio id='" + id + "'>" + Dom.lineOf(audio),
            "audio id " + id + " is used by the <audio>" + Dom.lineOf(first) + " too (libvirt refuses that)",
            "give each <audio> its own id");
      }
    }
  }

  /** libvirt: "Hostdev already exists in the domain configuration" (one host device, twice). */
  private static void refuseDuplicateHostdevs(Map<String, XmlElement> elements) {
    Set<String> seen = new java.util.HashSet<>();
    for (XmlElement hostdev : elements.values()) {
      // an <interface type='hostdev'> gives the domain a PCI host device too
      boolean nic = Dom.is(hostdev, "interface") && "hostdev".equals(hostdev.get("type"));
      XmlElement src = Dom.is(hostdev, "hostdev") || nic ? Dom.child(hostdev, "source") : null;
      if (src == null) {
        continue;
      }
      XmlElement address = Dom.child(src, "address");
      String kind = nic ? (address != null ? address.get("type") : "") : hostdev.get("type");
      String identity = null;
      if ("pci".equals(kind) && address != null) {
        identity = kind + " " + number(address, "domain") + ":" + number(address, "bus") + ":"
            + number(address, "slot") + "." + number(address, "function");
      } else if ("scsi".equals(kind) && Dom.child(src, "adapter") != null && address != null) {
        identity = kind + " " + Dom.child(src, "adapter").get("name") + " " + number(address, "bus")
            + ":" + number(address, "target") + ":" + number(address, "unit");
      } else if ("usb".equals(kind) && Dom.child(src, "vendor") != null && Dom.child(src, "product") != null) {
        identity = kind + " " + number(Dom.child(src, "vendor"), "id") + ":" + number(Dom.child(src, "product"), "id");
      }
      if (identity != null && !seen.add(identity)) {
        throw new InvalidDomainException(nic ? "<interface type='hostdev'>" : "<hostdev type='" + kind + "'>",
            "the host device " + identity.substring(kind.length() + 1) + " is given to the domain twice"
                + " (libvirt: hostdev already exists in the domain configuration)",
            "remove one of the two elements that name it");
      }
    }
  }

  /** An attribute as a number (C's base 0, as libvirt reads it), or its text when it is none. */
  private static String number(XmlElement element, String name) {
    String value = Dom.attribute(element, name);
    if (value == null) {
      return "0";
    }
    try {
      return Long.toString(Long.decode(value.trim()));
    } catch (NumberFormatException e) {
      return value;
    }
  }

  /**
   * libvirt 9.0 ties ACPI to UEFI both ways: "ACPI requires UEFI on this architecture" on aarch64,
   * "UEFI requires ACPI on this architecture" on x86. UEFI is {@code <os firmware='efi'>} or a
   * {@code <loader type='pflash'>}; a loader of another or no type is not.
   */
  private static void refuseAcpiWithoutUefi(XmlElement root, String arch, Set<String> features, String source) {
    XmlElement os = Dom.child(root, "os");
    XmlElement loader = os == null ? null : Dom.child(os, "loader");
    boolean uefi = os != null && ("efi".equals(Dom.attribute(os, "firmware"))
        || loader != null && "pflash".equals(Dom.attribute(loader, "type")));
    boolean acpi = features.contains("acpi");
    if ("aarch64".equals(arch) && acpi && !uefi) {
      throw new InvalidDomainException(source + " <features><acpi/>",
          "ACPI on aarch64 needs UEFI firmware (libvirt refuses it otherwise)",
          "add firmware='efi' to <os>, or remove <acpi/>");
    }
    boolean x86 = arch == null || "x86_64".equals(arch) || "i686".equals(arch);
    if (x86 && uefi && !acpi) {
      throw new InvalidDomainException(source + " <os>",
          "UEFI firmware on x86 needs ACPI (libvirt refuses it otherwise)",
          "add <acpi/> to <features>, or boot with BIOS firmware");
    }
  }

  /**
   * libvirt 9.0's QEMU driver refuses {@code preserve} for {@code <on_poweroff>} or {@code
   * <on_reboot>}, and a power-off that restarts with a reboot that destroys (the defaults are
   * destroy and restart).
   */
  private static void refuseLifecycleQemuCannotDo(XmlElement root, String source) {
    String onPoweroff = lifecycleAction(root, "on_poweroff", "destroy");
    String onReboot = lifecycleAction(root, "on_reboot", "restart");
    if ("preserve".equals(onPoweroff) || "preserve".equals(onReboot)) {
      String element = "preserve".equals(onReboot) ? "on_reboot" : "on_poweroff";
      throw new InvalidDomainException(source + " <" + element + ">",
          "libvirt's QEMU driver has no 'preserve' action for on_reboot or on_poweroff",
          "use destroy or restart");
    }
    if ("restart".equals(onPoweroff) && "destroy".equals(onReboot)) {
      throw new InvalidDomainException(source + " <on_reboot>",
          "libvirt's QEMU driver cannot destroy on reboot when power-off restarts",
          "set <on_reboot> to restart, or <on_poweroff> to destroy");
    }
  }

  private static String lifecycleAction(XmlElement root, String name, String fallback) {
    XmlElement action = Dom.child(root, name);
    return action == null ? fallback : action.text().trim();
  }

  /** libvirt: "Unknown model type 'x'" for a model its controller type does not have. */
  private static void knownControllerModel(XmlElement element, String where) {
    String type = element.get("type");
    LibvirtVocabulary.Values models = LibvirtVocabulary.of("controller:" + type).get("@model");
    String model = Dom.attribute(element, "model");
    if (models == null || model == null) {
      return;
    }
    if (!models.known().contains(model)) {
      throw new InvalidDomainException(where, "model='" + model + "' is not a model libvirt knows for a "
          + type + " controller", models.known().isEmpty() ? "remove the model attribute"
          : "use one of " + models.usable());
    }
    if (models.refused().contains(model)) {
      throw new InvalidDomainException(where, "controller model '" + model
          + "' is not supported by libvirt's QEMU driver", "use one of " + models.usable());
    }
  }

  private static Device device(XmlElement element, DeviceKind kind, String key, String where) {
    for (String required : REQUIRED.getOrDefault(kind, List.of())) {
      String path = required.substring(0, required.indexOf('@'));
      String name = required.substring(required.indexOf('@') + 1);
      XmlElement holder = path.isEmpty() ? element : Dom.path(element, path);
      if (Dom.attribute(holder, name) == null) {
        String at = path.isEmpty() ? "<" + kind.element() + ">" : "<" + path + ">";
        throw new InvalidDomainException(where, "the required attribute '" + name + "' of " + at
            + " is missing (libvirt refuses that too)", "add " + name + "='...' to " + at);
      }
    }
    boolean capabilities = kind == DeviceKind.HOSTDEV && "capabilities".equals(element.get("mode"));
    LibvirtVocabulary.of(capabilities ? "" : kind.element()).forEach((required, values) -> {
      String path = required.substring(0, required.indexOf('@'));
      String name = required.substring(required.indexOf('@') + 1);
      String value = Dom.attribute(path.isEmpty() ? element : Dom.path(element, path), name);
      String at = path.isEmpty() ? "<" + kind.element() + ">" : "<" + path + ">";
      if (value != null && !values.known().contains(value)) {
        throw new InvalidDomainException(where, name + "='" + value + "' of " + at
            + " is not a value libvirt knows", "use one of " + new java.util.TreeSet<>(values.known()));
      }
      if (value != null && values.refused().contains(value)) {
        throw new InvalidDomainException(where, name + "='" + value + "' of " + at
            + " is not supported by libvirt's QEMU driver", "use one of " + values.usable());
      }
    });
    if (kind == DeviceKind.CONTROLLER) {
      knownControllerModel(element, where);
    }
    if (kind == DeviceKind.HUB && !"usb".equals(element.get("type"))) {
      throw new InvalidDomainException(where, "hub type '" + element.get("type")
          + "' is not known; libvirt has only type='usb'", "write <hub type='usb'/>");
    }
    Device.Builder builder = Device.builder(kind).key(key);
    String type = null;
    String model = null;
    Integer index = null;
    Map<String, String> attributes = new LinkedHashMap<>();
    for (DeviceFields.Binding binding : DeviceFields.of(kind)) {
      XmlElement holder = binding.path().isEmpty() ? element : Dom.path(element, binding.path());
      String value = Dom.attribute(holder, binding.attribute());
      if (value == null) {
        continue;
      }
      switch (binding.field()) {
        case TYPE -> builder.type(type = value);
        case MODEL -> builder.model(model = value);
        case BUS -> builder.bus(value);
        case TARGET -> builder.target(value);
        case INDEX -> builder.index(index = index(value, where));
        case ATTRIBUTE -> attributes.put(binding.key(), value);
      }
    }
    AttributeValues.check(kind, type, model, index, attributes, where).forEach(builder::attribute);
    if (kind == DeviceKind.DISK && element.get("device").isEmpty()) {
      builder.type("disk");
    }
    if (kind == DeviceKind.DISK) {
      diskSource(element).forEach(builder::attribute);
    }
    XmlElement rom = kind == DeviceKind.INTERFACE || kind == DeviceKind.HOSTDEV ? Dom.child(element, "rom") : null;
    if (rom != null && (Dom.attribute(rom, "bar") != null || Dom.attribute(rom, "enabled") != null
        || Dom.attribute(rom, "file") != null)) {
      builder.attribute(Device.ROM_TUNING, "yes");
    }
    if (kind == DeviceKind.SHMEM && Dom.child(element, "server") != null) {
      builder.attribute(Device.SERVER, "yes");
    }
    if (kind == DeviceKind.INTERFACE && model != null) {
      builder.model(nicModel(model));
    }
    if (kind == DeviceKind.INTERFACE && !element.has("type")) {
      builder.type("user"); // libvirt's default interface type
    }
    if (kind == DeviceKind.CONTROLLER && !element.has("type")) {
      builder.type("ide"); // libvirt's default controller type
    }
    Address address = ignoresAddress(kind, model) ? null : Addresses.read(element, where);
    if (kind == DeviceKind.SMARTCARD && address != null && !"ccid".equals(address.type())) {
      throw new InvalidDomainException(where, "a smartcard must use the 'ccid' address type, not '"
          + address.type() + "' (as in libvirt)",
          "write <address type='ccid' controller='0' slot='0'/> or remove the <address>");
    }
    return builder.address(address).build();
  }

  /** The device as its element says, before the reader's own rewrites (a NIC model's spelling). */
  private static Device asWritten(XmlElement element, Device device) {
    if (device.kind() != DeviceKind.INTERFACE) {
      return device;
    }
    String model = Dom.attribute(Dom.path(element, "model"), "type");
    return java.util.Objects.equals(model, device.model()) ? device : device.toBuilder().model(model).build();
  }

  /**
   * libvirt 9.0 reads a NIC model that matches one of its own model names ignoring case as that
   * model, spelt its way ("unknown" is no model at all: the machine's default); any other name is
   * kept as written (virDomainNetSetModelString).
   */
  private static String nicModel(String model) {
    String known = model;
    for (String m : LibvirtVocabulary.of("interface:model").get("@type").known()) {
      if (m.equalsIgnoreCase(model)) {
        known = m;
        break;
      }
    }
    return "unknown".equals(known) ? null : known;
  }

  /**
   * What core's disk checks need of the source: whether it is empty (no {@code <source>}, or one
   * with no value and nothing inside), and the disk's type (libvirt's default: file).
   */
  private static boolean allEmpty(List<XmlElement.Attribute> attributes) {
    for (XmlElement.Attribute a : attributes) {
      if (!a.value().isEmpty()) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, String> diskSource(XmlElement disk) {
    XmlElement source = Dom.child(disk, "source");
    boolean empty = source == null || Dom.children(source).isEmpty()
        && allEmpty(source.attributes());
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put(Device.DISK_TYPE, disk.get("type").isEmpty() ? "file" : disk.get("type"));
    if (empty) {
      facts.put(Device.SOURCE_EMPTY, "yes");
    }
    return facts;
  }

  /**
   * Whether libvirt reads no {@code <address>} of such a device: graphics, audio, leases and
   * redirection filters, and a memballoon of model none (no device, so nothing to place or check;
   * libvirt drops the element).
   */
  static boolean ignoresAddress(DeviceKind kind, String model) {
    return NO_ADDRESS.contains(kind) || (kind == DeviceKind.MEMBALLOON && "none".equals(model));
  }

  /** libvirt reads a controller index as a decimal int of at least 0. */
  private static Integer index(String value, String where) {
    return (int) AttributeValues.number(value, AttributeValues.Base.DECIMAL, 0, Integer.MAX_VALUE,
        where, "index", "write the index in decimal, e.g. index='1', or remove it to have one assigned");
  }
}
