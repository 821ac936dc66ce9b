package dev.backplane.spi.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns the files of one table into a {@link MachineTable}: checks each against its format
 * version, adds up the families (a family's keys may come from several files, each key from one),
 * machines and device lists, resolves {@code extends} and checks the references of every family.
 * A version 1 file stands alone and is converted to the version 2 shape.
 */
final class TableComposer {
  private TableComposer() {}

  /** A family's own keys and the files that gave them. */
  private record Raw(Map<String, Object> keys, Map<String, String> keyOrigins) {}

  /**
   * Version 1 files (and files that do not parse, to be refused by {@link #compose}) alone; the
   * other files grouped by their {@code arch}, in the order of their first file.
   */
  static List<Map<String, String>> group(Map<String, String> files) {
    Map<String, Map<String, String>> groups = new LinkedHashMap<>();
    for (Map.Entry<String, String> file : files.entrySet()) {
      String key = file.getKey();
      try {
        Map<String, Object> root = object(file.getValue());
        if (!MachineTable.FORMAT_V1.equals(root.get("format")) && root.get("arch") instanceof String a) {
          key = "\n" + a;
        }
      } catch (TableSchema.Problem p) {
        // refused with its name when it is composed alone
      }
      groups.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(file.getKey(), file.getValue());
    }
    return List.copyOf(groups.values());
  }

  @SuppressWarnings("unchecked")
  static MachineTable compose(Map<String, String> files, List<MachineTable> bases,
      boolean describeFamilies) {
    String arch = null;
    String archOrigin = null;
    Optional<String> binary = Optional.empty();
    String source = null;
    Set<String> devices = new LinkedHashSet<>(); // MachineTable sorts them
    String devicesOrigin = null;
    Map<String, Raw> raw = new LinkedHashMap<>();
    List<Map<String, Object>> machines = new ArrayList<>();
    Map<Map<String, Object>, String> machineOrigins = new LinkedHashMap<>();
    List<Integer> machineIndex = new ArrayList<>();
    for (Map.Entry<String, String> file : files.entrySet()) {
      String origin = file.getKey();
      Map<String, Object> root;
      try {
        root = object(file.getValue());
        if (MachineTable.FORMAT_V1.equals(root.get("format"))) {
          if (files.size() > 1) {
            throw new TableSchema.Problem("format", "a " + MachineTable.FORMAT_V1
                + " table is one file and cannot be combined with others",
                "write it as " + MachineTable.FORMAT);
          }
          return version1(origin, root, describeFamilies);
        }
        checkFormat(root.get("format"));
        TableSchema.checkV2(root);
        String fileArch = (String) root.get("arch");
        if (arch != null && !arch.equals(fileArch)) {
          throw new TableSchema.Problem("arch", "'" + fileArch + "' differs from '" + arch + "' of "
              + archOrigin, "combine only files of one architecture");
        }
        arch = fileArch;
        archOrigin = origin;
        if (root.get("binary") instanceof String b) {
          if (binary.isPresent() && !binary.get().equals(b)) {
            throw new TableSchema.Problem("binary", "'" + b + "' differs from '" + binary.get()
                + "' of another file of the table", "one table describes one QEMU binary");
          }
          binary = Optional.of(b);
        }
        if (root.get("source") instanceof String s) {
          source = source == null ? s : source + "; " + s;
        }
        if (root.containsKey("qemuDevices")) {
          if (devicesOrigin != null) {
            throw new TableSchema.Problem("qemuDevices", "the device list is given by " + devicesOrigin
                + " already", "list the binary's devices in one file of the table");
          }
          devicesOrigin = origin;
          devices.addAll((List<String>) root.get("qemuDevices"));
        }
        Map<String, Object> families = (Map<String, Object>) root.getOrDefault("families", Map.of());
        for (Map.Entry<String, Object> family : families.entrySet()) {
          Raw into = raw.computeIfAbsent(family.getKey(),
              k -> new Raw(new LinkedHashMap<>(), new LinkedHashMap<>()));
          for (Map.Entry<String, Object> key : ((Map<String, Object>) family.getValue()).entrySet()) {
            String other = into.keyOrigins().get(key.getKey());
            if (other != null) {
              throw new TableSchema.Problem(
                  TableSchema.child(TableSchema.child("families", family.getKey()), key.getKey()),
                  "given by " + other + " already",
                  "give each key of a family in one file, or extend the family under another name");
            }
            into.keys().put(key.getKey(), key.getValue());
            into.keyOrigins().put(key.getKey(), origin);
          }
        }
        List<Object> fileMachines = (List<Object>) root.getOrDefault("machines", List.of());
        for (int i = 0; i < fileMachines.size(); i++) {
          Map<String, Object> m = (Map<String, Object>) fileMachines.get(i);
          machines.add(m);
          machineOrigins.put(m, origin);
          machineIndex.add(i);
        }
      } catch (TableSchema.Problem p) {
        throw new MachineTableException(origin, p.path, p.problem, p.fix);
      }
    }
    String tableOrigin = String.join(" + ", files.keySet());
    String tableArch = arch;
    Map<String, Map<String, Object>> resolved = new LinkedHashMap<>();
    for (String name : raw.keySet()) {
      resolve(name, raw, bases, tableArch, resolved, new LinkedHashSet<>());
    }
    for (Map.Entry<String, Map<String, Object>> family : resolved.entrySet()) {
      try {
        TableReferences.familyV2(TableSchema.child("families", family.getKey()), family.getValue());
      } catch (TableSchema.Problem p) {
        throw new MachineTableException(String.join(" + ",
            new LinkedHashSet<>(raw.get(family.getKey()).keyOrigins().values())), p.path, p.problem, p.fix);
      }
    }
    TableReferences.Names names = new TableReferences.Names(resolved.keySet());
    for (int i = 0; i < machines.size(); i++) {
      try {
        names.check("machines[" + machineIndex.get(i) + "]", machines.get(i));
      } catch (TableSchema.Problem p) {
        throw new MachineTableException(machineOrigins.get(machines.get(i)), p.path, p.problem, p.fix);
      }
    }
    return MachineTable.of(tableOrigin, arch, binary, source == null ? "" : source, resolved,
        machines, devices, describeFamilies);
  }

  /** A family with the families it extends laid under it; maps of {@link TableSchema#MERGED_BY_KEY} merge key by key. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> resolve(String name, Map<String, Raw> raw,
      List<MachineTable> bases, String arch, Map<String, Map<String, Object>> resolved,
      Set<String> visiting) {
    if (resolved.containsKey(name)) {
      return resolved.get(name);
    }
    Raw own = raw.get(name);
    String path = TableSchema.child("families", name);
    if (!visiting.add(name)) {
      throw new MachineTableException(own.keyOrigins().get("extends"), path + ".extends",
          "families extend each other in a circle " + visiting, "break the circle");
    }
    Map<String, Object> family = new LinkedHashMap<>();
    if (own.keys().get("extends") instanceof String parentName) {
      Map<String, Object> parent;
      if (raw.containsKey(parentName) && !parentName.equals(name)) {
        parent = resolve(parentName, raw, bases, arch, resolved, visiting);
      } else {
        parent = bases.stream().filter(b -> b.arch().equals(arch))
            .map(b -> b.family(parentName)).flatMap(Optional::stream).findFirst()
            .orElseThrow(() -> {
              Set<String> known = new TreeSet<>(raw.keySet());
              known.remove(name);
              bases.stream().filter(b -> b.arch().equals(arch)).forEach(b -> known.addAll(b.families()));
              return new MachineTableException(own.keyOrigins().get("extends"), path + ".extends",
                  "'" + parentName + "' is not a family of this table or of the " + arch
                      + " tables it builds on", "use one of " + known);
            });
      }
      family.putAll(parent);
    }
    for (Map.Entry<String, Object> key : own.keys().entrySet()) {
      if (key.getKey().equals("extends")) {
        continue;
      }
      if (TableSchema.MERGED_BY_KEY.contains(key.getKey()) && family.get(key.getKey()) instanceof Map) {
        Map<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) family.get(key.getKey()));
        merged.putAll((Map<String, Object>) key.getValue());
        family.put(key.getKey(), merged);
      } else {
        family.put(key.getKey(), key.getValue());
      }
    }
    visiting.remove(name);
    resolved.put(name, family);
    return family;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(String json) {
    Object parsed;
    try {
      parsed = Json.parse(json);
    } catch (IllegalArgumentException e) { // JSON syntax
      throw new TableSchema.Problem("", e.getMessage(), "correct the JSON syntax");
    }
    if (!(parsed instanceof Map)) {
      throw new TableSchema.Problem("", "must be a JSON object", "start the table with {\"format\": \""
          + MachineTable.FORMAT + "\", ...}");
    }
    return (Map<String, Object>) parsed;
  }

  /** Refuses a table of another (or no) format version before its keys are judged. */
  private static void checkFormat(Object format) {
    if (format == null) {
      throw new TableSchema.Problem("format", "missing",
          "start the table with \"format\": \"" + MachineTable.FORMAT + "\"");
    }
    if (!MachineTable.FORMAT.equals(format)) {
      boolean otherVersion = format instanceof String s && s.startsWith("backplane-machines/");
      String reads = MachineTable.FORMAT + " and " + MachineTable.FORMAT_V1;
      throw new TableSchema.Problem("format",
          otherVersion ? "version '" + format + "' is not supported (this Backplane reads " + reads + ")"
              : "'" + format + "' is not a machine table format",
          otherVersion ? "use a Backplane that reads " + format + ", or write the table as "
              + MachineTable.FORMAT : "set \"format\": \"" + MachineTable.FORMAT + "\"");
    }
  }

  /** A version 1 table: checked as before, then its families converted to the version 2 shape. */
  @SuppressWarnings("unchecked")
  private static MachineTable version1(String origin, Map<String, Object> root,
      boolean describeFamilies) {
    TableSchema.check(root);
    TableReferences.check(root);
    Map<String, Map<String, Object>> families = new LinkedHashMap<>();
    ((Map<String, Object>) root.get("families")).forEach((name, v1) ->
        families.put(name, fromVersion1((Map<String, Object>) v1)));
    Set<String> devices = new LinkedHashSet<>((List<String>) root.getOrDefault("qemuDevices", List.of()));
    List<Map<String, Object>> machines = new ArrayList<>();
    ((List<Object>) root.get("machines")).forEach(m -> machines.add((Map<String, Object>) m));
    return MachineTable.of(origin, (String) root.get("arch"), Optional.empty(),
        root.get("source") instanceof String s ? s : "", families, machines, devices,
        describeFamilies);
  }

  /**
   * Root bus models and slots go to {@code rootBusPolicy}, controller pins to
   * {@code implicitControllers}; the informational {@code buses} are dropped; version 1's
   * defaults (PCI virtio, no PCI controller models) are written out, since version 2 derives
   * them from the root buses.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> fromVersion1(Map<String, Object> v1) {
    Map<String, Object> v2 = new LinkedHashMap<>(v1);
    v2.remove("buses");
    List<Object> roots = new ArrayList<>();
    Map<String, Object> rootPolicy = new LinkedHashMap<>();
    for (Object o : (List<Object>) v1.get("rootBuses")) {
      Map<String, Object> bus = new LinkedHashMap<>((Map<String, Object>) o);
      Map<String, Object> policy = new LinkedHashMap<>();
      for (String key : List.of("model", "modelName", "firstSlot", "lastSlot")) {
        if (bus.containsKey(key)) {
          policy.put(key, bus.remove(key));
        }
      }
      roots.add(bus);
      rootPolicy.put((String) bus.get("name"), policy);
    }
    v2.put("rootBuses", roots);
    v2.put("rootBusPolicy", rootPolicy);
    List<Object> implicit = new ArrayList<>();
    Map<String, Object> controllers = new LinkedHashMap<>();
    for (Object o : (List<Object>) v1.getOrDefault("implicitDevices", List.of())) {
      Map<String, Object> device = new LinkedHashMap<>((Map<String, Object>) o);
      if (device.remove("controller") instanceof String controller) {
        controllers.put((String) device.get("qemuType"), controller);
      }
      implicit.add(device);
    }
    v2.put("implicitDevices", implicit);
    v2.put("implicitControllers", controllers);
    v2.putIfAbsent("virtioTransport", "pci");
    v2.putIfAbsent("pciControllerModels", List.of());
    return v2;
  }
}
