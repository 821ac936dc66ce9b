package dev.backplane.spi.support;

import dev.backplane.spi.BusKind;
import dev.backplane.spi.Connection;
import dev.backplane.spi.DeviceCatalog;
import dev.backplane.spi.DeviceDefaults;
import dev.backplane.spi.ImplicitDevice;
import dev.backplane.spi.MachineDescription;
import dev.backplane.spi.MachineRequest;
import dev.backplane.spi.MachineType;
import dev.backplane.spi.PlacementRole;
import dev.backplane.spi.PreferredSlot;
import dev.backplane.spi.RootBus;
import dev.backplane.spi.SlotReservation;
import dev.backplane.spi.Stable;
import dev.backplane.spi.VirtioTransport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A versioned machine table (format {@value #FORMAT}): families describe a layout once, machine
 * entries name the versioned types that share it, and the optional {@code qemuDevices} list the
 * devices of the table's QEMU binary. See the README's "Machine tables" section.
 */
@Stable
public final class MachineTable {
  public static final String FORMAT = "backplane-machines/1";

  private final String arch;
  private final String source;
  private final Map<String, Map<String, Object>> families;
  private final List<Entry> entries;
  private final Set<String> qemuDevices;
  private DeviceCatalog devices = DeviceCatalog.empty();

  private record Entry(MachineType type, String family) {}

  private MachineTable(
      String arch, String source, Map<String, Map<String, Object>> families, List<Entry> entries,
      Set<String> qemuDevices) {
    this.arch = arch;
    this.source = source;
    this.families = families;
    this.entries = entries;
    this.qemuDevices = qemuDevices;
  }

  /** Reads a table from a class-path resource of {@code owner}. */
  public static MachineTable load(Class<?> owner, String resource) {
    try (InputStream in = owner.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "machine table " + resource + " is missing from the class path of " + owner.getName());
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read machine table " + resource + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses a table; {@code origin} names it in errors.
   *
   * @throws MachineTableException naming {@code origin}, the key path and a fix when the table is
   *     not valid JSON, has another format version, breaks the format (an unknown key, a wrong
   *     type) or refers to something it does not have
   */
  @SuppressWarnings("unchecked")
  public static MachineTable parse(String json, String origin) {
    Map<String, Object> root;
    try {
      Object parsed = Json.parse(json);
      if (!(parsed instanceof Map)) {
        throw new TableSchema.Problem("", "must be a JSON object", "start the table with {\"format\": \""
            + FORMAT + "\", ...}");
      }
      root = (Map<String, Object>) parsed;
      checkFormat(root.get("format"));
      TableSchema.check(root);
      TableReferences.check(root);
    } catch (TableSchema.Problem p) {
      throw new MachineTableException(origin, p.path, p.problem, p.fix);
    } catch (IllegalArgumentException e) { // JSON syntax
      throw new MachineTableException(origin, "", e.getMessage(), "correct the JSON syntax");
    }
    String arch = (String) root.get("arch");
    Map<String, Map<String, Object>> families = new LinkedHashMap<>();
    asMap(root.get("families"), "families").forEach((k, v) -> families.put(k, asMap(v, k)));
    List<Entry> entries = new ArrayList<>();
    for (Object o : asList(root.get("machines"), "machines")) {
      Map<String, Object> m = asMap(o, "machine");
      MachineType type = MachineType.builder()
          .arch(arch)
          .name(string(m, "name"))
          .addAllAliases((List<String>) (List<?>) list(m, "aliases"))
          .isDefault(bool(m, "default", false))
          .deprecated(bool(m, "deprecated", false))
          .build();
      entries.add(new Entry(type, string(m, "family")));
    }
    String source = root.get("source") instanceof String s ? s : "";
    Set<String> qemuDevices = new TreeSet<>();
    for (Object device : list(root, "qemuDevices")) {
      qemuDevices.add((String) device); // TableSchema checked: a list of texts
    }
    MachineTable table = new MachineTable(arch, source, families, entries, sorted(qemuDevices));
    Set<String> checked = new HashSet<>();
    for (Entry entry : entries) { // fail on load, not on first use; a family describes alike
      if (!checked.add(entry.family())) {
        continue;
      }
      try {
        table.describe(MachineRequest.of(arch, entry.type().name()));
      } catch (IllegalArgumentException | IllegalStateException e) { // a value type's own check
        throw new MachineTableException(origin, TableSchema.child("families", entry.family()),
            e.getMessage(), "correct the family's data");
      }
    }
    return table;
  }

  /** Refuses a table of another (or no) format version before its keys are judged. */
  private static void checkFormat(Object format) {
    if (format == null) {
      throw new TableSchema.Problem("format", "missing",
          "start the table with \"format\": \"" + FORMAT + "\"");
    }
    if (!FORMAT.equals(format)) {
      boolean otherVersion = format instanceof String s && s.startsWith("backplane-machines/");
      throw new TableSchema.Problem("format",
          otherVersion ? "version '" + format + "' is not supported (this Backplane reads " + FORMAT + ")"
              : "'" + format + "' is not a machine table format",
          otherVersion ? "use a Backplane that reads " + format + ", or write the table as " + FORMAT
              : "set \"format\": \"" + FORMAT + "\"");
    }
  }

  public String arch() {
    return arch;
  }

  /** Where the table's facts come from (for example "QEMU 7.2 probe"). */
  public String source() {
    return source;
  }

  /**
   * The QEMU device types ({@code -device help} names) of the table's binary; empty when the table
   * does not say. Every description of the table carries them.
   */
  public Set<String> qemuDevices() {
    return qemuDevices;
  }

  /**
   * This table with the device list of its binary kept apart from it (the built-in plugins keep
   * one list per binary, which several tables share). A table that lists devices itself keeps them.
   */
  public MachineTable withQemuDevices(Set<String> devices) {
    if (!qemuDevices.isEmpty()) {
      throw new IllegalStateException("the " + arch + " table lists its qemuDevices already");
    }
    MachineTable table = new MachineTable(arch, source, families, entries, sorted(devices));
    table.devices = this.devices;
    return table;
  }

  /** The device catalog every description of the table carries; empty unless given. */
  public DeviceCatalog devices() {
    return devices;
  }

  /** This table with the device catalog of its architecture (see {@link DeviceCatalogFile}). */
  public MachineTable withDevices(DeviceCatalog catalog) {
    MachineTable table = new MachineTable(arch, source, families, entries, qemuDevices);
    table.devices = catalog;
    return table;
  }

  /**
   * Reads a device list: one QEMU device type per line, sorted as {@code sort} does in the C
   * locale (by code point); {@code #} starts a comment line. The order is checked so that
   * regenerating the file from {@code -device help} gives a readable diff.
   */
  public static Set<String> loadQemuDevices(Class<?> owner, String resource) {
    try (InputStream in = owner.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "device list " + resource + " is missing from the class path of " + owner.getName());
      }
      Set<String> devices = new TreeSet<>();
      String previous = "";
      int number = 0;
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        number++;
        String name = line.strip();
        if (name.isEmpty() || name.startsWith("#")) {
          continue;
        }
        if (name.compareTo(previous) <= 0) {
          throw new IllegalStateException("device list " + resource + ":" + number + ": '" + name
              + "' is out of order or repeated (keep the list sorted, one name per line)");
        }
        devices.add(name);
        previous = name;
      }
      return sorted(devices);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read device list " + resource + ": " + e.getMessage(), e);
    }
  }

  /** All machine types of the given families (all families when none are given). */
  public List<MachineType> machineTypes(List<String> onlyFamilies) {
    return entries.stream()
        .filter(e -> onlyFamilies.isEmpty() || onlyFamilies.contains(e.family()))
        .map(Entry::type)
        .toList();
  }

  /** The family of the type a request names, if the table has it. */
  public Optional<String> familyOf(MachineRequest request) {
    return find(request).map(Entry::family);
  }

  private Optional<Entry> find(MachineRequest request) {
    return entries.stream().filter(e -> e.type().matches(request)).findFirst();
  }

  /** Describes a machine type of this table, honouring the family's boolean options. */
  public MachineDescription describe(MachineRequest request) {
    Entry entry = find(request).orElseThrow(() -> new IllegalArgumentException(
        "machine type '" + request.name() + "' is not in the " + arch + " table"));
    Map<String, Object> f = families.get(entry.family());
    List<Object> knownOptions = list(f, "options");
    Map<String, Boolean> switches = new LinkedHashMap<>();
    request.options().forEach((key, value) -> {
      if (!knownOptions.contains(key)) {
        throw new IllegalArgumentException("machine " + entry.type().name() + " has no option '"
            + key + "' (known: " + knownOptions + ")");
      }
      switches.put(key, switchValue(key, value));
    });

    MachineDescription.Builder d = MachineDescription.builder()
        .name(entry.type().name())
        .arch(arch)
        .family(entry.family())
        .addAllAliases(entry.type().aliases())
        .virtioTransport(VirtioTransport.valueOf(
            string(f, "virtioTransport", "pci").toUpperCase(Locale.ROOT)))
        .multipleRoots(bool(f, "multipleRoots", false))
        .zpci(bool(f, "zpci", false))
        .addAllQemuDevices(qemuDevices)
        .devices(devices);
    for (Object o : list(f, "rootBuses")) {
      Map<String, Object> b = asMap(o, "rootBus");
      RootBus.Builder bus = RootBus.builder()
          .name(string(b, "name"))
          .kind(BusKind.fromLabel(string(b, "kind")));
      if (b.containsKey("model")) {
        bus.controllerModel(string(b, "model"));
      }
      if (b.containsKey("modelName")) {
        bus.modelName(string(b, "modelName"));
      }
      if (b.containsKey("firstSlot")) {
        bus.firstSlot(integer(b, "firstSlot"));
      }
      if (b.containsKey("lastSlot")) {
        bus.lastSlot(integer(b, "lastSlot"));
      }
      d.addRootBuses(bus.build());
    }
    for (Object o : list(f, "implicitDevices")) {
      Map<String, Object> i = asMap(o, "implicitDevice");
      if (i.get("option") instanceof String option && !switches.getOrDefault(option, true)) {
        continue; // switched off, as -machine ...,option=off does
      }
      ImplicitDevice.Builder dev = ImplicitDevice.builder()
          .qemuType(string(i, "qemuType"))
          .bus(string(i, "bus"));
      if (i.containsKey("slot")) {
        dev.slot(integer(i, "slot")).function(integer(i, "function"));
      }
      if (i.get("controller") instanceof String c) {
        dev.controllerType(c);
      }
      d.addImplicitDevices(dev.build());
    }
    for (Object o : list(f, "reservations")) {
      Map<String, Object> r = asMap(o, "reservation");
      SlotReservation.Builder res = SlotReservation.builder()
          .slot(integer(r, "slot"))
          .function(integer(r, "function"))
          .reason(string(r, "reason"));
      if (r.get("controller") instanceof String c) {
        res.controllerType(c);
      }
      list(r, "models").forEach(m -> res.addControllerModels((String) m));
      d.addReservations(res.build());
    }
    Map<String, Object> preferred = map(f, "preferredSlots");
    preferred.forEach((role, slots) -> {
      PreferredSlot.Builder p = PreferredSlot.builder().role(PlacementRole.fromLabel(role));
      asList(slots, role).forEach(s -> p.addSlots(((Number) s).intValue()));
      d.addPreferredSlots(p.build());
    });
    list(f, "pciControllerModels").forEach(m -> d.addPciControllerModels((String) m));
    list(f, "iommuModels").forEach(m -> d.addIommuModels((String) m));
    map(f, "connections").forEach((k, v) -> d.putConnections(k, Connection.fromLabel((String) v)));

    Map<String, Object> def = map(f, "defaults");
    DeviceDefaults.Builder defaults = DeviceDefaults.builder()
        .memballoon(bool(def, "memballoon", false))
        .ps2Inputs(bool(def, "ps2Inputs", false))
        .panic(bool(def, "panic", false))
        .usbInputsWithGraphics(bool(def, "usbInputsWithGraphics", false));
    optional(def, "usbController").ifPresent(defaults::usbController);
    optional(def, "usbModel").ifPresent(defaults::usbModel);
    optional(def, "panicModel").ifPresent(defaults::panicModel);
    optional(def, "nicModel").ifPresent(defaults::nicModel);
    optional(def, "videoModel").ifPresent(defaults::videoModel);
    optional(def, "scsiModel").ifPresent(defaults::scsiModel);
    optional(def, "serialTarget").ifPresent(defaults::serialTarget);
    map(def, "serialModels").forEach((type, model) -> defaults.putSerialModels(type, (String) model));
    list(def, "controllers").forEach(c -> defaults.addControllers((String) c));
    return d.defaults(defaults.build()).build();
  }

  /** Sorted, so descriptions (and what is derived from them) do not depend on hash order. */
  private static Set<String> sorted(Set<String> devices) {
    return java.util.Collections.unmodifiableSortedSet(new TreeSet<>(devices));
  }

  private static boolean switchValue(String key, String value) {
    switch (value) {
      case "on": case "true": case "yes": return true;
      case "off": case "false": case "no": return false;
      default:
        throw new IllegalArgumentException(
            "machine option " + key + "=" + value + " must be on or off");
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object o, String what) {
    if (!(o instanceof Map)) {
      throw new IllegalArgumentException(what + " must be an object");
    }
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> asList(Object o, String what) {
    if (!(o instanceof List)) {
      throw new IllegalArgumentException(what + " must be an array");
    }
    return (List<Object>) o;
  }

  private static Map<String, Object> map(Map<String, Object> m, String key) {
    return m.containsKey(key) ? asMap(m.get(key), key) : Map.of();
  }

  private static List<Object> list(Map<String, Object> m, String key) {
    return m.containsKey(key) ? asList(m.get(key), key) : List.of();
  }

  private static String string(Map<String, Object> m, String key) {
    if (!(m.get(key) instanceof String s)) {
      throw new IllegalArgumentException("'" + key + "' must be a string in " + m);
    }
    return s;
  }

  private static String string(Map<String, Object> m, String key, String fallback) {
    return m.containsKey(key) ? string(m, key) : fallback;
  }

  private static Optional<String> optional(Map<String, Object> m, String key) {
    return m.get(key) == null ? Optional.empty() : Optional.of(string(m, key));
  }

  private static int integer(Map<String, Object> m, String key) {
    if (!(m.get(key) instanceof Number n)) {
      throw new IllegalArgumentException("'" + key + "' must be a number in " + m);
    }
    return n.intValue();
  }

  private static boolean bool(Map<String, Object> m, String key, boolean fallback) {
    Object v = m.get(key);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Boolean b)) {
      throw new IllegalArgumentException("'" + key + "' must be true or false");
    }
    return b;
  }
}
