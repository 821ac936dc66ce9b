package dev.backplane.spi.support;

import dev.backplane.spi.PlacementRole;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The references inside a table that {@link TableSchema} cannot see: a machine's family, an
 * implicit device's bus and option, reserved and preferred slots on a PCI root, the root's model
 * among the PCI controller models, each machine name once and one default. Device models
 * (defaults.nicModel and the like) are not checked here: the table has no list of them.
 */
final class TableReferences {
  private TableReferences() {}

  /** Runs after {@link TableSchema#check}, so every key and type is already right. */
  @SuppressWarnings("unchecked")
  static void check(Map<String, Object> table) {
    Map<String, Object> families = (Map<String, Object>) table.get("families");
    families.forEach((name, family) ->
        family(TableSchema.child("families", name), (Map<String, Object>) family));
    machines((List<Object>) table.get("machines"), families.keySet());
  }

  @SuppressWarnings("unchecked")
  private static void family(String path, Map<String, Object> family) {
    List<Map<String, Object>> roots = (List<Map<String, Object>>) family.get("rootBuses");
    List<String> rootNames = new ArrayList<>();
    Optional<Map<String, Object>> pciRoot = Optional.empty();
    List<String> pciModels = (List<String>) family.getOrDefault("pciControllerModels", List.of());
    for (int i = 0; i < roots.size(); i++) {
      Map<String, Object> root = roots.get(i);
      String at = path + ".rootBuses[" + i + "]";
      if (rootNames.contains((String) root.get("name"))) {
        throw new TableSchema.Problem(at + ".name", "root bus '" + root.get("name") + "' is listed twice",
            "give each root bus its own name");
      }
      rootNames.add((String) root.get("name"));
      boolean pci = root.get("kind").equals("pci") || root.get("kind").equals("pcie");
      if (pci && !root.containsKey("model")) {
        throw new TableSchema.Problem(at, "a " + root.get("kind") + " root bus needs a 'model'",
            "add \"model\": \"" + root.get("kind") + "-root\"");
      }
      if (pci && !pciModels.isEmpty() && !pciModels.contains((String) root.get("model"))) {
        throw new TableSchema.Problem(at + ".model", "'" + root.get("model")
            + "' is not in the family's pciControllerModels " + pciModels,
            "add it to " + path + ".pciControllerModels");
      }
      if (pci && pciRoot.isEmpty()) {
        pciRoot = Optional.of(root);
      }
    }
    implicitDevices(path, family, rootNames);
    policy(path, family, pciRoot);
  }

  /**
   * Each implicit device sits on a root bus of the family, has both slot and function or neither,
   * and names only an option of the family; returns their QEMU types, in table order.
   */
  @SuppressWarnings("unchecked")
  private static List<String> implicitDevices(String path, Map<String, Object> family,
      List<String> rootNames) {
    List<String> options = (List<String>) family.getOrDefault("options", List.of());
    List<Map<String, Object>> implicit =
        (List<Map<String, Object>>) family.getOrDefault("implicitDevices", List.of());
    List<String> implicitTypes = new ArrayList<>();
    for (int i = 0; i < implicit.size(); i++) {
      Map<String, Object> device = implicit.get(i);
      String at = path + ".implicitDevices[" + i + "]";
      implicitTypes.add((String) device.get("qemuType"));
      if (!rootNames.contains((String) device.get("bus"))) {
        throw new TableSchema.Problem(at + ".bus", "'" + device.get("bus")
            + "' is not a root bus of the family", "use one of " + rootNames);
      }
      if (device.containsKey("slot") != device.containsKey("function")) {
        throw new TableSchema.Problem(at, "'slot' and 'function' go together",
            "give both, or neither for a device without a PCI address");
      }
      if (device.containsKey("option") && !options.contains((String) device.get("option"))) {
        throw new TableSchema.Problem(at + ".option", "'" + device.get("option")
            + "' is not one of the family's options " + options, "add it to " + path + ".options");
      }
    }
    return implicitTypes;
  }

  /** Reservations and preferred slots on the PCI root, roles and connection keys. */
  @SuppressWarnings("unchecked")
  private static void policy(String path, Map<String, Object> family,
      Optional<Map<String, Object>> slotRoot) {
    List<Long> reserved = reservedSlots(family);
    for (int i = 0; i < reserved.size(); i++) {
      slotOnRoot(path + ".reservations[" + i + "].slot", slotRoot, reserved.get(i));
    }
    Map<String, Object> preferred = (Map<String, Object>) family.getOrDefault("preferredSlots", Map.of());
    preferred.forEach((role, slots) -> {
      String at = TableSchema.child(path + ".preferredSlots", role);
      if (Arrays.stream(PlacementRole.values()).noneMatch(r -> r.label().equals(role))) {
        throw new TableSchema.Problem(at, "unknown role", "use one of "
            + Arrays.stream(PlacementRole.values()).map(PlacementRole::label).toList());
      }
      List<Long> list = (List<Long>) slots;
      for (int i = 0; i < list.size(); i++) {
        slotOnRoot(at + "[" + i + "]", slotRoot, list.get(i));
      }
    });
    ((Map<String, Object>) family.getOrDefault("connections", Map.of())).keySet().forEach(key -> {
      if (!key.matches("[a-z-]+:[^:]+")) {
        throw new TableSchema.Problem(TableSchema.child(path + ".connections", key),
            "a connection is keyed 'kind:model'", "write the key as, for example, \"interface:e1000\"");
      }
    });
  }

  /**
   * The references of a version 2 family, {@code extends} resolved: root bus policy and controller
   * pins name a root bus or implicit device the family has, the rest as in version 1.
   */
  @SuppressWarnings("unchecked")
  static void familyV2(String path, Map<String, Object> family) {
    List<Map<String, Object>> roots = (List<Map<String, Object>>) family.getOrDefault("rootBuses", List.of());
    Map<String, Object> rootPolicy = (Map<String, Object>) family.getOrDefault("rootBusPolicy", Map.of());
    List<String> rootNames = new ArrayList<>();
    Optional<Map<String, Object>> pciRoot = Optional.empty();
    List<String> pciModels = (List<String>) family.getOrDefault("pciControllerModels", List.of());
    for (int i = 0; i < roots.size(); i++) {
      Map<String, Object> root = roots.get(i);
      String name = (String) root.get("name");
      if (rootNames.contains(name)) {
        throw new TableSchema.Problem(path + ".rootBuses[" + i + "].name", "root bus '" + name
            + "' is listed twice", "give each root bus its own name");
      }
      rootNames.add(name);
      Map<String, Object> policy = (Map<String, Object>) rootPolicy.getOrDefault(name, Map.of());
      boolean pci = root.get("kind").equals("pci") || root.get("kind").equals("pcie");
      Optional<String> model = MachineTable.rootModel(root, policy);
      if (pci && !pciModels.isEmpty() && !pciModels.contains(model.orElseThrow())) {
        throw new TableSchema.Problem(path + ".pciControllerModels", "the model '" + model.get()
            + "' of root bus " + name + " is missing", "add \"" + model.get() + "\" to it");
      }
      if (pci && pciRoot.isEmpty()) {
        Map<String, Object> withSlots = new java.util.LinkedHashMap<>(root);
        withSlots.putAll(policy);
        pciRoot = Optional.of(withSlots);
      }
    }
    for (String name : rootPolicy.keySet()) {
      if (!rootNames.contains(name)) {
        throw new TableSchema.Problem(TableSchema.child(path + ".rootBusPolicy", name),
            "'" + name + "' is not a root bus of the family", "use one of " + rootNames);
      }
    }
    List<String> implicitTypes = implicitDevices(path, family, rootNames);
    ((Map<String, Object>) family.getOrDefault("implicitControllers", Map.of())).keySet().forEach(type -> {
      if (!implicitTypes.contains(type)) {
        throw new TableSchema.Problem(TableSchema.child(path + ".implicitControllers", type),
            "'" + type + "' is not an implicit device of the family", "use one of " + implicitTypes);
      }
    });
    policy(path, family, pciRoot);
  }

  /** Names and aliases once per table, one default, every machine in a family of the table. */
  static final class Names {
    private final Set<String> families;
    private final Set<String> names = new HashSet<>();
    private String firstDefault;

    Names(Set<String> families) {
      this.families = families;
    }

    @SuppressWarnings("unchecked")
    void check(String at, Map<String, Object> machine) {
      if (!families.contains((String) machine.get("family"))) {
        throw new TableSchema.Problem(at + ".family", "'" + machine.get("family")
            + "' is not a family of the table", "use one of " + families);
      }
      List<String> all = new ArrayList<>((List<String>) machine.getOrDefault("aliases", List.of()));
      all.add(0, (String) machine.get("name"));
      for (String name : all) {
        if (!names.add(name)) {
          throw new TableSchema.Problem(at, "machine name '" + name + "' is listed twice",
              "keep each name and alias once in a table");
        }
      }
      if (Boolean.TRUE.equals(machine.get("default"))) {
        if (firstDefault != null) {
          throw new TableSchema.Problem(at + ".default", "a second default machine (the first is "
              + firstDefault + ")", "mark one machine type of the table as default");
        }
        firstDefault = (String) machine.get("name");
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Long> reservedSlots(Map<String, Object> family) {
    return ((List<Map<String, Object>>) family.getOrDefault("reservations", List.of())).stream()
        .map(r -> (Long) r.get("slot")).toList();
  }

  /** Reserved and preferred slots need a PCI root and must lie in its usable slots. */
  private static void slotOnRoot(String at, Optional<Map<String, Object>> pciRoot, long slot) {
    if (pciRoot.isEmpty()) {
      throw new TableSchema.Problem(at, "the family has no PCI root bus for slot " + slot,
          "remove it, or add a pci or pcie root bus");
    }
    long first = (Long) pciRoot.get().getOrDefault("firstSlot", 1L);
    long last = (Long) pciRoot.get().getOrDefault("lastSlot", 31L);
    if (slot < first || slot > last) {
      throw new TableSchema.Problem(at, "slot " + slot + " is off root bus "
          + pciRoot.get().get("name") + " (slots " + first + ".." + last + ")",
          "use a slot from " + first + " to " + last);
    }
  }

  @SuppressWarnings("unchecked")
  private static void machines(List<Object> machines, Set<String> families) {
    Names names = new Names(families);
    for (int i = 0; i < machines.size(); i++) {
      names.check("machines[" + i + "]", (Map<String, Object>) machines.get(i));
    }
  }
}
