package dev.backplane.adapters.qmp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backplane.core.port.out.CapabilitySource;
import dev.backplane.spi.DeviceDefaults;
import dev.backplane.spi.FirmwareBudget;
import dev.backplane.spi.ImplicitDevice;
import dev.backplane.spi.MachineDescription;
import dev.backplane.spi.MachineRequest;
import dev.backplane.spi.PreferredSlot;
import dev.backplane.spi.RootBus;
import dev.backplane.spi.SlotReservation;
import dev.backplane.spi.support.MachineTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes probe findings as two files of one machine table (format {@value MachineTable#FORMAT}):
 * the facts, which QEMU alone decides (machine types, root buses, implicit devices, the options
 * that drop them, the binary's devices), and the libvirt policy the policy source (the built-in
 * plugins) gives the same machine types. A family is named as the policy source names the
 * machine type's family; a machine type no plugin knows shares the first family with the same
 * facts, or names its own. The facts depend only on the binary and those names, so a probe of
 * the same binary writes the same bytes.
 */
final class ProbeTable {
  static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** The facts and policy files, and the machine types that could not go in them. */
  record Written(String factsJson, String policyJson, List<SkippedMachine> skipped) {}

  private ProbeTable() {}

  static Written write(MachineProber.Findings findings, Optional<CapabilitySource> policySource) {
    List<SkippedMachine> skipped = new ArrayList<>();
    Map<String, ObjectNode> families = new LinkedHashMap<>();
    Map<String, ObjectNode> policies = new TreeMap<>();
    Set<String> named = new TreeSet<>(); // families named after a plugin's family
    ArrayNode machines = JSON.arrayNode();
    for (MachineProber.Outcome outcome : findings.outcomes()) {
      MachineProber.QemuMachine machine = outcome.machine();
      if (outcome.layout() == null) {
        skipped.add(new SkippedMachine(machine.name(), outcome.skipReason()));
        continue;
      }
      Optional<MachineDescription> known =
          policySource.flatMap(p -> describe(p, findings.arch(), machine.name()));
      ObjectNode facts = facts(outcome.layout());
      String familyName = known.isPresent()
          ? sameOrNew(families, known.get().family(), machine.name(), facts)
          : families.entrySet().stream().filter(e -> e.getValue().equals(facts) && !named.contains(e.getKey()))
              .map(Map.Entry::getKey).findFirst()
              .orElseGet(() -> sameOrNew(families, machine.name(), machine.name(), facts));
      ObjectNode entry = machineEntry(machine, familyName);
      if (!families.containsKey(familyName)) {
        ObjectNode policy = known.map(d -> policy(d, facts)).orElse(JSON.objectNode());
        Optional<String> invalid = validate(findings.arch(), familyName, facts, policy, entry);
        if (invalid.isPresent()) {
          skipped.add(new SkippedMachine(machine.name(), "cannot be described: " + invalid.get()));
          continue;
        }
        families.put(familyName, facts);
        if (known.isPresent()) {
          named.add(familyName);
        }
        if (!policy.isEmpty()) {
          policies.put(familyName, policy);
        }
      }
      machines.add(entry);
    }
    ObjectNode root = header(findings);
    root.put("source", "QEMU " + findings.qemuVersion() + " probe of " + binaryName(findings)
        + " (-S -nodefaults, info qtree; device_add help)");
    ObjectNode familiesNode = root.putObject("families");
    families.forEach(familiesNode::set);
    root.set("machines", machines);
    ArrayNode devices = root.putArray("qemuDevices");
    findings.devices().forEach(devices::add);

    ObjectNode policyRoot = header(findings);
    policyRoot.remove("binary");
    policyRoot.put("source", "libvirt policy of the built-in plugins for " + policies.keySet());
    ObjectNode policyFamilies = policyRoot.putObject("families");
    policies.forEach(policyFamilies::set);
    return new Written(TableJson.write(root), TableJson.write(policyRoot), skipped);
  }

  private static ObjectNode header(MachineProber.Findings findings) {
    ObjectNode root = JSON.objectNode();
    root.put("format", MachineTable.FORMAT);
    root.put("arch", findings.arch());
    root.put("binary", binaryName(findings));
    return root;
  }

  /** The binary's file name: the same on every host, unlike its path. */
  static String binaryName(MachineProber.Findings findings) {
    return Path.of(findings.binary()).getFileName().toString();
  }

  /** {@code wanted} when it is new or has the same facts; else {@code wanted@machine}. */
  private static String sameOrNew(Map<String, ObjectNode> families, String wanted, String machine,
      ObjectNode facts) {
    ObjectNode existing = families.get(wanted);
    return existing == null || existing.equals(facts) ? wanted : wanted + "@" + machine;
  }

  private static Optional<MachineDescription> describe(CapabilitySource policy, String arch, String name) {
    try {
      return policy.describe(MachineRequest.of(arch, name));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
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
  private static Optional<String> validate(String arch, String familyName, ObjectNode facts,
      ObjectNode policy, ObjectNode entry) {
    ObjectNode factsTable = JSON.objectNode();
    factsTable.put("format", MachineTable.FORMAT);
    factsTable.put("arch", arch);
    factsTable.putObject("families").set(familyName, facts);
    factsTable.putArray("machines").add(entry);
    ObjectNode policyTable = JSON.objectNode();
    policyTable.put("format", MachineTable.FORMAT);
    policyTable.put("arch", arch);
    policyTable.putObject("families").set(familyName, policy);
    try {
      Map<String, String> files = new LinkedHashMap<>();
      files.put(familyName, factsTable.toString());
      files.put("policy", policyTable.toString());
      MachineTable.parse(files, List.of());
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** What QEMU builds: root buses, implicit PCI devices, the options that drop some. */
  static ObjectNode facts(MachineLayout layout) {
    ObjectNode family = JSON.objectNode();
    if (!layout.rootBuses().isEmpty()) {
      ArrayNode roots = family.putArray("rootBuses");
      for (MachineLayout.Root root : layout.rootBuses()) {
        ObjectNode node = roots.addObject().put("name", root.name()).put("kind", root.kind());
        if (root.transports() > 0) {
          node.put("transports", root.transports());
        }
      }
    }
    if (!layout.implicitDevices().isEmpty()) {
      ArrayNode devices = family.putArray("implicitDevices");
      for (MachineLayout.PciDevice device : layout.implicitDevices()) {
        ObjectNode node = devices.addObject();
        node.put("qemuType", device.qemuType());
        node.put("bus", device.bus());
        node.put("slot", device.slot());
        node.put("function", device.function());
        if (device.option() != null) {
          node.put("option", device.option());
        }
      }
    }
    if (!layout.options().isEmpty()) {
      ArrayNode options = family.putArray("options");
      layout.options().forEach(options::add);
    }
    return family;
  }

  /**
   * A description's libvirt policy for a family with {@code facts}, leaving out what the format
   * derives from the facts anyway (PCI roots' own models, the virtio transport of the roots).
   */
  static ObjectNode policy(MachineDescription known, ObjectNode facts) {
    ObjectNode family = JSON.objectNode();
    ObjectNode rootPolicy = JSON.objectNode();
    Set<String> roots = new TreeSet<>();
    facts.path("rootBuses").forEach(r -> roots.add(r.path("name").asText()));
    for (RootBus bus : known.rootBuses()) {
      if (!roots.contains(bus.name())) {
        continue;
      }
      ObjectNode node = JSON.objectNode();
      Optional<String> derived = bus.kind().isPci() ? Optional.of(bus.kind().label() + "-root") : Optional.empty();
      bus.controllerModel().filter(m -> !Optional.of(m).equals(derived)).ifPresent(m -> node.put("model", m));
      bus.modelName().ifPresent(m -> node.put("modelName", m));
      if (bus.kind().isPci() && (bus.firstSlot() != 1 || bus.lastSlot() != 31)) {
        node.put("firstSlot", bus.firstSlot()).put("lastSlot", bus.lastSlot());
      }
      if (!node.isEmpty()) {
        rootPolicy.set(bus.name(), node);
      }
    }
    if (!rootPolicy.isEmpty()) {
      family.set("rootBusPolicy", rootPolicy);
    }
    ObjectNode controllers = JSON.objectNode();
    for (ImplicitDevice device : known.implicitDevices()) {
      boolean inFacts = false;
      for (var f : facts.path("implicitDevices")) {
        inFacts |= f.path("qemuType").asText().equals(device.qemuType());
      }
      if (inFacts) {
        device.controllerType().ifPresent(c -> controllers.put(device.qemuType(), c));
      }
    }
    if (!controllers.isEmpty()) {
      family.set("implicitControllers", controllers);
    }
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
    if (!List.copyOf(known.pciControllerModels()).equals(derivedPciModels(known, roots))) {
      ArrayNode models = family.putArray("pciControllerModels");
      known.pciControllerModels().forEach(models::add);
    }
    if (!known.iommuModels().isEmpty()) {
      ArrayNode models = family.putArray("iommuModels");
      known.iommuModels().forEach(models::add);
    }
    if (!known.firmwareBudgets().isEmpty()) {
      ObjectNode firmware = family.putObject("firmware");
      for (FirmwareBudget b : known.firmwareBudgets()) {
        ObjectNode node = firmware.putObject(b.firmware());
        b.busNumbers().ifPresent(n -> node.put("busNumbers", n));
        b.ioWindows().ifPresent(n -> node.put("ioWindows", n));
        bool(node, "default", b.isDefault());
        bool(node, "efi", b.efi());
        bool(node, "conventionalBridgesTakeIo", b.conventionalBridgesTakeIo());
        b.overBusNumbers().ifPresent(t -> node.put("overBusNumbers", t));
        b.overIoWindows().ifPresent(t -> node.put("overIoWindows", t));
      }
    }
    if (!known.connections().isEmpty()) {
      ObjectNode connections = family.putObject("connections");
      known.connections().forEach((k, v) -> connections.put(k, v.label()));
    }
    if (!known.virtioTransport().label().equals(derivedTransport(facts))) {
      family.put("virtioTransport", known.virtioTransport().label());
    }
    if (known.multipleRoots()) { // policy: more roots may be added (pSeries host bridges)
      family.put("multipleRoots", true);
    }
    if (known.zpci()) {
      family.put("zpci", true);
    }
    ObjectNode defaults = defaults(known.defaults());
    if (!defaults.isEmpty()) {
      family.set("defaults", defaults);
    }
    return family;
  }

  /** As the format derives them: the PCI roots' models, sorted. */
  private static List<String> derivedPciModels(MachineDescription known, Set<String> roots) {
    Set<String> models = new TreeSet<>();
    known.rootBuses().stream().filter(b -> roots.contains(b.name()) && b.kind().isPci())
        .forEach(b -> b.controllerModel().ifPresent(models::add));
    return List.copyOf(models);
  }

  /** As the format derives it: CCW with a channel subsystem, PCI with a PCI root or no MMIO, else MMIO. */
  private static String derivedTransport(ObjectNode facts) {
    List<String> kinds = new ArrayList<>();
    facts.path("rootBuses").forEach(r -> kinds.add(r.path("kind").asText()));
    if (kinds.contains("ccw")) {
      return "ccw";
    }
    if (kinds.contains("pci") || kinds.contains("pcie") || !kinds.contains("virtio-mmio")) {
      return "pci";
    }
    return "mmio";
  }

  private static ObjectNode defaults(DeviceDefaults d) {
    ObjectNode defaults = JSON.objectNode();
    d.usbController().ifPresent(v -> defaults.put("usbController", v));
    d.usbModel().ifPresent(v -> defaults.put("usbModel", v));
    d.panicModel().ifPresent(v -> defaults.put("panicModel", v));
    d.nicModel().ifPresent(v -> defaults.put("nicModel", v));
    d.videoModel().ifPresent(v -> defaults.put("videoModel", v));
    d.scsiModel().ifPresent(v -> defaults.put("scsiModel", v));
    d.serialTarget().ifPresent(v -> defaults.put("serialTarget", v));
    if (!d.serialModels().isEmpty()) {
      ObjectNode serialModels = defaults.putObject("serialModels");
      new TreeMap<>(d.serialModels()).forEach(serialModels::put);
    }
    bool(defaults, "memballoon", d.memballoon());
    bool(defaults, "ps2Inputs", d.ps2Inputs());
    bool(defaults, "panic", d.panic());
    bool(defaults, "usbInputsWithGraphics", d.usbInputsWithGraphics());
    if (!d.controllers().isEmpty()) {
      ArrayNode controllers = defaults.putArray("controllers");
      d.controllers().forEach(controllers::add);
    }
    if (!d.secondaryVideoModels().isEmpty()) {
      ArrayNode videos = defaults.putArray("secondaryVideoModels");
      d.secondaryVideoModels().forEach(videos::add);
    }
    return defaults;
  }

  private static void bool(ObjectNode node, String key, boolean value) {
    if (value) {
      node.put(key, true);
    }
  }
}
