package dev.backplane.adapters.qmp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backplane.core.port.out.CapabilitySource;
import dev.backplane.spi.DeviceDefaults;
import dev.backplane.spi.ImplicitDevice;
import dev.backplane.spi.MachineDescription;
import dev.backplane.spi.MachineRequest;
import dev.backplane.spi.PreferredSlot;
import dev.backplane.spi.RootBus;
import dev.backplane.spi.SlotReservation;
import dev.backplane.spi.support.MachineTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes probe findings as a machine table. QEMU gives the buses and implicit devices; the
 * libvirt-policy fields (defaults, preferred slots, reservations, PCI controller and IOMMU
 * models, controller pins, connections, the virtio transport) come from the policy source's
 * description of the same machine type when it has one, and stay empty otherwise. Machine types
 * whose family JSON is identical share a family. The binary's devices ({@code device_add help})
 * go to the table's {@code qemuDevices}.
 */
final class ProbeTable {
  static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** The table and the machine types that could not go in it. */
  record Written(String json, List<SkippedMachine> skipped) {}

  private ProbeTable() {}

  static Written write(MachineProber.Findings findings, Optional<CapabilitySource> policy) {
    List<SkippedMachine> skipped = new ArrayList<>();
    Map<String, ObjectNode> families = new LinkedHashMap<>();
    ArrayNode machines = JSON.arrayNode();
    Set<String> withPolicy = new TreeSet<>();
    Set<String> withoutPolicy = new TreeSet<>();
    for (MachineProber.Outcome outcome : findings.outcomes()) {
      MachineProber.QemuMachine machine = outcome.machine();
      if (outcome.layout() == null) {
        skipped.add(new SkippedMachine(machine.name(), outcome.skipReason()));
        continue;
      }
      Optional<MachineDescription> known = policy.flatMap(p -> describe(p, findings.arch(), machine.name()));
      ObjectNode family = family(outcome.layout(), known.orElse(null));
      String familyName = null;
      for (Map.Entry<String, ObjectNode> existing : families.entrySet()) {
        if (existing.getValue().equals(family)) {
          familyName = existing.getKey();
        }
      }
      if (familyName == null) {
        String wanted = known.map(MachineDescription::family).orElse(machine.name());
        familyName = families.containsKey(wanted) ? wanted + "@" + machine.name() : wanted;
        ObjectNode entry = machineEntry(machine, familyName);
        Optional<String> invalid = validate(findings.arch(), familyName, family, entry);
        if (invalid.isPresent()) {
          skipped.add(new SkippedMachine(machine.name(), "cannot be described: " + invalid.get()));
          continue;
        }
        families.put(familyName, family);
      }
      machines.add(machineEntry(machine, familyName));
      (known.isPresent() ? withPolicy : withoutPolicy).add(familyName);
    }
    ObjectNode root = JSON.objectNode();
    root.put("format", MachineTable.FORMAT);
    root.put("arch", findings.arch());
    root.put("source", source(findings, withPolicy, withoutPolicy));
    ObjectNode familiesNode = root.putObject("families");
    families.forEach(familiesNode::set);
    root.set("machines", machines);
    ArrayNode devices = root.putArray("qemuDevices");
    findings.devices().forEach(devices::add);
    try {
      return new Written(MAPPER.writeValueAsString(root) + "\n", skipped);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the probed table: " + e.getMessage(), e);
    }
  }

  private static Optional<MachineDescription> describe(CapabilitySource policy, String arch, String name) {
    try {
      return policy.describe(MachineRequest.of(arch, name));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String source(MachineProber.Findings findings, Set<String> withPolicy,
      Set<String> withoutPolicy) {
    StringBuilder s = new StringBuilder("QEMU ").append(findings.qemuVersion())
        .append(" probe of ").append(findings.binary())
        .append(" (-S -nodefaults, info qtree): root buses and implicit devices; device_add help: "
            + "qemuDevices");
    if (!withPolicy.isEmpty()) {
      s.append("; libvirt policy (defaults, preferredSlots, reservations, pciControllerModels, "
          + "iommuModels, controller pins) from the built-in plugins for ").append(withPolicy);
    }
    if (!withoutPolicy.isEmpty()) {
      s.append("; no plugin describes ").append(withoutPolicy)
          .append(", so their libvirt policy fields are empty (QEMU cannot tell them)");
    }
    return s.toString();
  }

  private static ObjectNode machineEntry(MachineProber.QemuMachine machine, String family) {
    ObjectNode entry = JSON.objectNode();
    entry.put("name", machine.name());
    entry.put("family", family);
    machine.alias().ifPresent(a -> entry.putArray("aliases").add(a));
    if (machine.isDefault()) {
      entry.put("default", true);
    }
    if (machine.deprecated()) {
      entry.put("deprecated", true);
    }
    return entry;
  }

  /** Parses a one-machine table, so one bad family never spoils the whole table. */
  private static Optional<String> validate(String arch, String familyName, ObjectNode family,
      ObjectNode entry) {
    ObjectNode table = JSON.objectNode();
    table.put("format", MachineTable.FORMAT);
    table.put("arch", arch);
    table.putObject("families").set(familyName, family);
    table.putArray("machines").add(entry);
    try {
      MachineTable.parse(table.toString(), familyName);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }

  static ObjectNode family(MachineLayout layout, MachineDescription known) {
    ObjectNode family = JSON.objectNode();
    ArrayNode roots = family.putArray("rootBuses");
    for (RootBus bus : rootOrder(layout, known)) {
      ObjectNode node = roots.addObject();
      node.put("name", bus.name());
      node.put("kind", bus.kind().label());
      bus.controllerModel().ifPresent(m -> node.put("model", m));
      bus.modelName().ifPresent(m -> node.put("modelName", m));
      if (bus.kind().isPci() && (bus.firstSlot() != 1 || bus.lastSlot() != 31)) {
        node.put("firstSlot", bus.firstSlot());
        node.put("lastSlot", bus.lastSlot());
      }
    }
    ArrayNode devices = family.putArray("implicitDevices");
    for (MachineLayout.PciDevice device : layout.implicitDevices()) {
      ObjectNode node = devices.addObject();
      node.put("qemuType", device.qemuType());
      node.put("bus", device.bus());
      node.put("slot", device.slot());
      node.put("function", device.function());
      if (known != null) {
        known.implicitDevices().stream().filter(d -> same(d, device)).findFirst()
            .flatMap(ImplicitDevice::controllerType).ifPresent(c -> node.put("controller", c));
      }
      if (device.option() != null) {
        node.put("option", device.option());
      }
    }
    if (!layout.options().isEmpty()) {
      ArrayNode options = family.putArray("options");
      layout.options().forEach(options::add);
    }
    if (known != null) {
      family.put("virtioTransport", known.virtioTransport().label());
      if (known.multipleRoots()) { // policy: more roots may be added (pSeries host bridges)
        family.put("multipleRoots", true);
      }
      if (known.zpci()) {
        family.put("zpci", true);
      }
      policy(family, known);
    } else {
      family.put("virtioTransport", transport(layout));
      rootModels(family, layout);
    }
    ArrayNode buses = family.putArray("buses");
    for (MachineLayout.OtherBus bus : layout.otherBuses()) {
      buses.addObject().put("name", bus.name()).put("type", bus.type()).put("device", bus.device());
    }
    return family;
  }

  /** The probed roots; the known order and models when the known machine has the same roots. */
  private static List<RootBus> rootOrder(MachineLayout layout, MachineDescription known) {
    List<RootBus> probed = new ArrayList<>();
    for (MachineLayout.Root root : layout.rootBuses()) {
      Optional<RootBus> match = known == null ? Optional.empty() : known.rootBuses().stream()
          .filter(b -> b.name().equals(root.name()) && b.kind().label().equals(root.kind()))
          .findFirst();
      probed.add(match.orElseGet(() -> {
        RootBus.Builder bus = RootBus.builder().name(root.name())
            .kind(dev.backplane.spi.BusKind.fromLabel(root.kind()));
        if (root.kind().equals("pci")) {
          bus.controllerModel("pci-root");
        } else if (root.kind().equals("pcie")) {
          bus.controllerModel("pcie-root");
        }
        return bus.build();
      }));
    }
    if (known != null && new LinkedHashSet<>(known.rootBuses()).equals(new LinkedHashSet<>(probed))) {
      return known.rootBuses();
    }
    return probed;
  }

  /**
   * Without a plugin's policy, the PCI roots' own models are the only PCI controllers a table can
   * name, and the planner needs the root's model listed to place a PCI device at all.
   */
  private static void rootModels(ObjectNode family, MachineLayout layout) {
    Set<String> models = new TreeSet<>();
    for (MachineLayout.Root root : layout.rootBuses()) {
      if (root.kind().equals("pci")) {
        models.add("pci-root");
      } else if (root.kind().equals("pcie")) {
        models.add("pcie-root");
      }
    }
    if (!models.isEmpty()) {
      ArrayNode array = family.putArray("pciControllerModels");
      models.forEach(array::add);
    }
  }

  private static boolean same(ImplicitDevice d, MachineLayout.PciDevice p) {
    return d.qemuType().equals(p.qemuType()) && d.bus().equals(p.bus())
        && d.slot().isPresent() && d.slot().getAsInt() == p.slot()
        && d.function().isPresent() && d.function().getAsInt() == p.function();
  }

  /** Without a plugin: CCW when there is a channel subsystem, PCI when there is a PCI root, else MMIO. */
  private static String transport(MachineLayout layout) {
    List<String> kinds = layout.rootBuses().stream().map(MachineLayout.Root::kind).toList();
    if (kinds.contains("ccw")) {
      return "ccw";
    }
    if (kinds.contains("pci") || kinds.contains("pcie") || !kinds.contains("virtio-mmio")) {
      return "pci";
    }
    return "mmio";
  }

  private static void policy(ObjectNode family, MachineDescription known) {
    if (!known.reservations().isEmpty()) {
      ArrayNode reservations = family.putArray("reservations");
      for (SlotReservation r : known.reservations()) {
        ObjectNode node = reservations.addObject();
        node.put("slot", r.slot()).put("function", r.function()).put("reason", r.reason());
        r.controllerType().ifPresent(c -> node.put("controller", c));
        if (!r.controllerModels().isEmpty()) {
          ArrayNode models = node.putArray("models");
          r.controllerModels().forEach(models::add);
        }
      }
    }
    if (!known.preferredSlots().isEmpty()) {
      ObjectNode preferred = family.putObject("preferredSlots");
      for (PreferredSlot p : known.preferredSlots()) {
        ArrayNode slots = preferred.putArray(p.role().label());
        p.slots().forEach(slots::add);
      }
    }
    if (!known.pciControllerModels().isEmpty()) {
      ArrayNode models = family.putArray("pciControllerModels");
      known.pciControllerModels().forEach(models::add);
    }
    if (!known.iommuModels().isEmpty()) {
      ArrayNode models = family.putArray("iommuModels");
      known.iommuModels().forEach(models::add);
    }
    if (!known.connections().isEmpty()) {
      ObjectNode connections = family.putObject("connections");
      known.connections().forEach((k, v) -> connections.put(k, v.label()));
    }
    DeviceDefaults d = known.defaults();
    ObjectNode defaults = family.putObject("defaults");
    d.usbController().ifPresent(v -> defaults.put("usbController", v));
    d.usbModel().ifPresent(v -> defaults.put("usbModel", v));
    d.panicModel().ifPresent(v -> defaults.put("panicModel", v));
    d.nicModel().ifPresent(v -> defaults.put("nicModel", v));
    d.videoModel().ifPresent(v -> defaults.put("videoModel", v));
    d.scsiModel().ifPresent(v -> defaults.put("scsiModel", v));
    d.serialTarget().ifPresent(v -> defaults.put("serialTarget", v));
    if (!d.serialModels().isEmpty()) {
      ObjectNode serialModels = defaults.putObject("serialModels");
      new java.util.TreeMap<>(d.serialModels()).forEach(serialModels::put);
    }
    bool(defaults, "memballoon", d.memballoon());
    bool(defaults, "ps2Inputs", d.ps2Inputs());
    bool(defaults, "panic", d.panic());
    bool(defaults, "usbInputsWithGraphics", d.usbInputsWithGraphics());
    if (!d.controllers().isEmpty()) {
      ArrayNode controllers = defaults.putArray("controllers");
      d.controllers().forEach(controllers::add);
    }
  }

  private static void bool(ObjectNode node, String key, boolean value) {
    if (value) {
      node.put(key, true);
    }
  }
}
