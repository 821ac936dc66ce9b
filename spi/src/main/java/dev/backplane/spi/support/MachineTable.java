package dev.backplane.spi.support;

import dev.backplane.spi.BusKind;
import dev.backplane.spi.Connection;
import dev.backplane.spi.DeviceCatalog;
import dev.backplane.spi.DeviceDefaults;
import dev.backplane.spi.FirmwareBudget;
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
import java.util.function.Predicate;

/**
 * A versioned machine table. Format {@value #FORMAT} lets one table be several files: a facts
 * file that {@code backplane probe --emit-table} writes from a QEMU binary (its machine types,
 * root buses, implicit devices and devices) and a hand-written libvirt policy overlay (defaults,
 * preferred slots, reservations, ...) for the same families; a family may {@code extend} another,
 * of the same table or of a base table. Format {@value #FORMAT_V1} (one self-contained file) is
 * still read. See the README's "Machine tables" section.
 */
@Stable
public final class MachineTable {
  /** The format this Backplane writes. */
  public static final String FORMAT = "backplane-machines/2";
  /** The previous format, still read: one file per table, no {@code extends}. */
  public static final String FORMAT_V1 = "backplane-machines/1";

  private final String arch;
  private final Optional<String> binary;
  private final String source;
  /** Version 2 families, {@code extends} resolved; version 1 tables are converted. */
  private final Map<String, Map<String, Object>> families;
  private final List<Entry> entries;
  private final Set<String> qemuDevices;
  private DeviceCatalog devices = DeviceCatalog.empty();

  private record Entry(MachineType type, String family) {}

  private MachineTable(String arch, Optional<String> binary, String source,
      Map<String, Map<String, Object>> families, List<Entry> entries, Set<String> qemuDevices) {
    this.arch = arch;
    this.binary = binary;
    this.source = source;
    this.families = families;
    this.entries = entries;
    this.qemuDevices = qemuDevices;
  }

  /**
   * {@return the table in the class-path resource {@code resource} of {@code owner}}
   *
   * @param owner the class whose class loader and package locate the resource
   * @param resource the resource name, relative to {@code owner}'s package or absolute with a leading {@code /}
   */
  public static MachineTable load(Class<?> owner, String resource) {
    return load(owner, resource, new String[0]);
  }

  /**
   * {@return the table made of several class-path resources of {@code owner} (format {@value #FORMAT}),
   * such as a facts file and a policy overlay: their families, machines and device lists add up,
   * and a key of a family may be given by one file only} Where {@link MachineTableCompiler} compiled
   * these files at build time, their compiled form beside them is read instead: the same table,
   * without parsing JSON or checking it again.
   *
   * @param owner the class whose class loader and package locate the resource
   * @param first the first resource (relative to {@code owner}'s package)
   * @param more the further resources, in order
   */
  public static MachineTable load(Class<?> owner, String first, String... more) {
    List<String> names = new ArrayList<>();
    names.add(first);
    names.addAll(List.of(more));
    Optional<MachineTable> compiled = compiled(owner, names);
    if (compiled.isPresent()) {
      return compiled.get();
    }
    Map<String, String> files = new LinkedHashMap<>();
    for (String resource : names) {
      files.put(resource, read(owner, resource));
    }
    return TableComposer.compose(files, List.of(), false);
  }

  /**
   * The form {@link MachineTableCompiler} wrote of these resources at build time, if it is there
   * (only for files of {@code owner}'s package, named without a path).
   */
  private static Optional<MachineTable> compiled(Class<?> owner, List<String> names) {
    for (String name : names) {
      if (name.contains("/")) {
        return Optional.empty();
      }
    }
    try (InputStream in = owner.getResourceAsStream(CompiledTable.resourceName(names))) {
      return in == null ? Optional.empty() : CompiledTable.read(in.readAllBytes(), names);
    } catch (IOException e) {
      return Optional.empty(); // the JSON files say the same
    }
  }

  private static String read(Class<?> owner, String resource) {
    try (InputStream in = owner.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "machine table " + resource + " is missing from the class path of " + owner.getName());
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read machine table " + resource + ": " + e.getMessage(), e);
    }
  }

  /**
   * {@return the table in {@code json}; {@code origin} names it in errors}
   *
   * @param json the table's JSON text
   * @param origin names the table in errors (a file or resource name)
   * @throws MachineTableException naming {@code origin}, the key path and a fix when the table is
   *     not valid JSON, has another format version, breaks the format (an unknown key, a wrong
   *     type) or refers to something it does not have
   */
  public static MachineTable parse(String json, String origin) {
    return parse(json, origin, List.of());
  }

  /**
   * {@return the table in {@code json}, whose families may extend families of {@code bases} (tables of the same
   * architecture, searched in order), as a downstream {@code pc-q35-rhel9.2.0} extends {@code q35}}
   *
   * @param json the table's JSON text
   * @param origin names the table in errors (a file or resource name)
   * @param bases tables of the same architecture whose families this table's may extend, searched in order
   */
  public static MachineTable parse(String json, String origin, List<MachineTable> bases) {
    return TableComposer.compose(Map.of(origin, json), bases, true);
  }

  /**
   * {@return the table made of several files (format {@value #FORMAT}), {@code files} mapping each
   * file's name (for errors) to its JSON, in order; families may extend families of {@code bases}}
   *
   * @param files each file's name (for errors) mapped to its JSON, in order
   * @param bases tables of the same architecture whose families this table's may extend, searched in order
   */
  public static MachineTable parse(Map<String, String> files, List<MachineTable> bases) {
    return TableComposer.compose(new LinkedHashMap<>(files), bases, true);
  }

  /**
   * {@return the tables in loose files, as {@code --tables DIR} finds them: each version 1 file is a table of its
   * own, and the version 2 files of one architecture form one table (a facts file, a policy
   * overlay, a downstream family that extends one of {@code bases})}
   *
   * @param files each file's name (for errors) mapped to its JSON, in order
   * @param bases tables of the same architecture whose families this table's may extend, searched in order
   */
  public static List<MachineTable> parseAll(Map<String, String> files, List<MachineTable> bases) {
    return TableComposer.group(new LinkedHashMap<>(files)).stream()
        .map(group -> TableComposer.compose(group, bases, true)).toList();
  }

  /**
   * Builds a table from composed, resolved families. With {@code describeFamilies} it describes
   * every family once, so that a table read from a file fails on load, not on first use. A table
   * built into a plugin's jar is not: its plugin's contract test ({@code MachinePluginContract})
   * describes every machine type at build time, and a run pays only for what it plans.
   */
  static MachineTable of(String origin, String arch, Optional<String> binary, String source,
      Map<String, Map<String, Object>> families, List<Map<String, Object>> machines,
      Set<String> qemuDevices, boolean describeFamilies) {
    List<Entry> entries = new ArrayList<>();
    for (Map<String, Object> m : machines) {
      MachineType type = MachineType.builder()
          .arch(arch)
          .name(string(m, "name"))
          .addAllAliases(texts(list(m, "aliases")))
          .isDefault(bool(m, "default", false))
          .deprecated(bool(m, "deprecated", false))
          .build();
      entries.add(new Entry(type, string(m, "family")));
    }
    MachineTable table = new MachineTable(arch, binary, source, families, entries, sorted(qemuDevices));
    Set<String> checked = new HashSet<>();
    for (Entry entry : describeFamilies ? entries : List.<Entry>of()) { // fail on load, not on first use; a family describes alike
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

  /** The families, {@code extends} resolved, for {@link CompiledTable}. */
  Map<String, Map<String, Object>> resolvedFamilies() {
    return families;
  }

  /** The machines as a table file lists them, for {@link CompiledTable}. */
  List<Map<String, Object>> machineRows() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Entry entry : entries) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", entry.type().name());
      row.put("family", entry.family());
      row.put("aliases", new ArrayList<Object>(entry.type().aliases()));
      row.put("default", entry.type().isDefault());
      row.put("deprecated", entry.type().deprecated());
      rows.add(row);
    }
    return rows;
  }

  /** A family of this table, {@code extends} resolved, for tables that build on this one. */
  Optional<Map<String, Object>> family(String name) {
    return Optional.ofNullable(families.get(name));
  }

  /** {@return the names of the table's families} */
  public Set<String> families() {
    return java.util.Collections.unmodifiableSet(families.keySet());
  }

  /** {@return the QEMU binary (file name) whose machine types the table describes, if it says} */
  public Optional<String> binary() {
    return binary;
  }

  /** {@return the architecture the table describes} */
  public String arch() {
    return arch;
  }

  /** {@return where the table's facts come from (for example "QEMU 7.2 probe")} */
  public String source() {
    return source;
  }

  /**
   * {@return the QEMU device types ({@code -device help} names) of the table's binary; empty when the table
   * does not say} Every description of the table carries them.
   */
  public Set<String> qemuDevices() {
    return qemuDevices;
  }

  /**
   * {@return this table with the device list of its binary kept apart from it (the built-in plugins keep
   * one list per binary, which several tables share)} A table that lists devices itself keeps them.
   *
   * @param devices the binary's {@code -device help} names
   */
  public MachineTable withQemuDevices(Set<String> devices) {
    if (!qemuDevices.isEmpty()) {
      throw new IllegalStateException("the " + arch + " table lists its qemuDevices already");
    }
    MachineTable table = new MachineTable(arch, binary, source, families, entries, sorted(devices));
    table.devices = this.devices;
    return table;
  }

  /** {@return the device catalog every description of the table carries; empty unless given} */
  public DeviceCatalog devices() {
    return devices;
  }

  /**
   * {@return this table with the device catalog of its architecture (see {@link DeviceCatalogFile})}
   *
   * @param catalog the device catalog of the machine's architecture
   */
  public MachineTable withDevices(DeviceCatalog catalog) {
    MachineTable table = new MachineTable(arch, binary, source, families, entries, qemuDevices);
    table.devices = catalog;
    return table;
  }

  /**
   * {@return the device list in the class-path resource {@code resource} of {@code owner}: one QEMU device type per line, sorted as {@code sort} does in the C
   * locale (by code point); {@code #} starts a comment line} The order is checked so that
   * regenerating the file from {@code -device help} gives a readable diff.
   *
   * @param owner the class whose class loader and package locate the resource
   * @param resource the resource name, relative to {@code owner}'s package or absolute with a leading {@code /}
   */
  public static Set<String> loadQemuDevices(Class<?> owner, String resource) {
    try (InputStream in = owner.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "device list " + resource + " is missing from the class path of " + owner.getName());
      }
      Set<String> devices = new java.util.LinkedHashSet<>(); // checked in order below
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

  /**
   * {@return all machine types of the given families (all families when none are given)}
   *
   * @param onlyFamilies the families to list; all when empty
   */
  public List<MachineType> machineTypes(List<String> onlyFamilies) {
    return machineTypes(family -> onlyFamilies.isEmpty() || onlyFamilies.contains(family));
  }

  /**
   * {@return the machine types of the families {@code family} accepts}
   *
   * @param family which families to list
   */
  public List<MachineType> machineTypes(Predicate<String> family) {
    List<MachineType> types = new ArrayList<>();
    for (Entry entry : entries) {
      if (family.test(entry.family())) {
        types.add(entry.type());
      }
    }
    return List.copyOf(types);
  }

  /**
   * {@return the family of the type a request names, if the table has it}
   *
   * @param request the machine asked for
   */
  public Optional<String> familyOf(MachineRequest request) {
    return find(request).map(Entry::family);
  }

  private Optional<Entry> find(MachineRequest request) {
    for (Entry entry : entries) {
      if (entry.type().matches(request)) {
        return Optional.of(entry);
      }
    }
    return Optional.empty();
  }

  /**
   * {@return the description of a machine type of this table, honouring the family's boolean options}
   *
   * @param request the machine asked for
   */
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
            string(f, "virtioTransport", derivedTransport(f)).toUpperCase(Locale.ROOT)))
        .multipleRoots(bool(f, "multipleRoots", false))
        .zpci(bool(f, "zpci", false))
        .addAllQemuDevices(qemuDevices)
        .devices(devices);
    binary.ifPresent(d::qemuBinary);
    Map<String, Object> rootPolicy = map(f, "rootBusPolicy");
    for (Object o : list(f, "rootBuses")) {
      Map<String, Object> b = asMap(o, "rootBus");
      Map<String, Object> p = map(rootPolicy, string(b, "name"));
      RootBus.Builder bus = RootBus.builder()
          .name(string(b, "name"))
          .kind(BusKind.fromLabel(string(b, "kind")));
      rootModel(b, p).ifPresent(bus::controllerModel);
      if (b.containsKey("transports")) {
        bus.transports(integer(b, "transports"));
      }
      if (p.containsKey("modelName")) {
        bus.modelName(string(p, "modelName"));
      }
      if (p.containsKey("firstSlot")) {
        bus.firstSlot(integer(p, "firstSlot"));
      }
      if (p.containsKey("lastSlot")) {
        bus.lastSlot(integer(p, "lastSlot"));
      }
      d.addRootBuses(bus.build());
    }
    Map<String, Object> controllers = map(f, "implicitControllers");
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
      if (controllers.get(string(i, "qemuType")) instanceof String c) {
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
    (f.containsKey("pciControllerModels") ? texts(list(f, "pciControllerModels")) : derivedPciModels(f))
        .forEach(d::addPciControllerModels);
    list(f, "iommuModels").forEach(m -> d.addIommuModels((String) m));
    map(f, "connections").forEach((k, v) -> d.putConnections(k, Connection.fromLabel((String) v)));

    map(f, "firmware").forEach((name, o) -> {
      Map<String, Object> b = asMap(o, "firmware " + name);
      FirmwareBudget.Builder budget = FirmwareBudget.builder().firmware(name)
          .isDefault(bool(b, "default", false))
          .efi(bool(b, "efi", false))
          .conventionalBridgesTakeIo(bool(b, "conventionalBridgesTakeIo", false));
      if (b.containsKey("busNumbers")) {
        budget.busNumbers(integer(b, "busNumbers"));
      }
      if (b.containsKey("ioWindows")) {
        budget.ioWindows(integer(b, "ioWindows"));
      }
      optional(b, "overBusNumbers").ifPresent(budget::overBusNumbers);
      optional(b, "overIoWindows").ifPresent(budget::overIoWindows);
      d.addFirmwareBudgets(budget.build());
    });

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
    list(def, "secondaryVideoModels").forEach(m -> defaults.addSecondaryVideoModels((String) m));
    return d.defaults(defaults.build()).build();
  }

  /** The libvirt model of a root bus: the policy's, else {@code pci-root}/{@code pcie-root} for PCI roots. */
  static Optional<String> rootModel(Map<String, Object> bus, Map<String, Object> policy) {
    if (policy.containsKey("model")) {
      return Optional.of(string(policy, "model"));
    }
    String kind = string(bus, "kind");
    return kind.equals("pci") || kind.equals("pcie") ? Optional.of(kind + "-root") : Optional.empty();
  }

  /**
   * Without a {@code pciControllerModels} policy, the PCI roots' own models: a PCI device can then
   * be placed on a root, and no controller be added.
   */
  static List<String> derivedPciModels(Map<String, Object> family) {
    Set<String> models = new TreeSet<>();
    Map<String, Object> policy = map(family, "rootBusPolicy");
    for (Object o : list(family, "rootBuses")) {
      Map<String, Object> b = asMap(o, "rootBus");
      String kind = string(b, "kind");
      if (kind.equals("pci") || kind.equals("pcie")) {
        rootModel(b, map(policy, string(b, "name"))).ifPresent(models::add);
      }
    }
    return List.copyOf(models);
  }

  /** Without a {@code virtioTransport} policy: CCW with a channel subsystem, PCI with a PCI root or no MMIO, else MMIO. */
  static String derivedTransport(Map<String, Object> family) {
    List<String> kinds = new ArrayList<>();
    for (Object bus : list(family, "rootBuses")) {
      kinds.add(string(asMap(bus, "rootBus"), "kind"));
    }
    if (kinds.contains("ccw")) {
      return "ccw";
    }
    if (kinds.contains("pci") || kinds.contains("pcie") || !kinds.contains("virtio-mmio")) {
      return "pci";
    }
    return "mmio";
  }

  @SuppressWarnings("unchecked")
  private static List<String> texts(List<Object> values) {
    return (List<String>) (List<?>) values;
  }

  /**
   * Sorted, so descriptions (and what is derived from them) do not depend on hash order. Sorted
   * once as an array (one pass for the sorted lists tables keep) rather than inserted into a tree,
   * which costs a comparison per level for each of a binary's several hundred names at start-up.
   */
  private static Set<String> sorted(Set<String> devices) {
    String[] names = devices.toArray(new String[0]);
    java.util.Arrays.sort(names);
    Set<String> out = new java.util.LinkedHashSet<>((int) (names.length / 0.75f) + 1);
    for (String name : names) {
      out.add(name);
    }
    return java.util.Collections.unmodifiableSet(out);
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
  static Map<String, Object> asMap(Object o, String what) {
    if (!(o instanceof Map)) {
      throw new IllegalArgumentException(what + " must be an object");
    }
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Object> asList(Object o, String what) {
    if (!(o instanceof List)) {
      throw new IllegalArgumentException(what + " must be an array");
    }
    return (List<Object>) o;
  }

  static Map<String, Object> map(Map<String, Object> m, String key) {
    return m.containsKey(key) ? asMap(m.get(key), key) : Map.of();
  }

  static List<Object> list(Map<String, Object> m, String key) {
    return m.containsKey(key) ? asList(m.get(key), key) : List.of();
  }

  static String string(Map<String, Object> m, String key) {
    if (!(m.get(key) instanceof String s)) {
      throw new IllegalArgumentException("'" + key + "' must be a string in " + m);
    }
    return s;
  }

  static String string(Map<String, Object> m, String key, String fallback) {
    return m.containsKey(key) ? string(m, key) : fallback;
  }

  private static Optional<String> optional(Map<String, Object> m, String key) {
    return m.get(key) == null ? Optional.empty() : Optional.of(string(m, key));
  }

  static int integer(Map<String, Object> m, String key) {
    if (!(m.get(key) instanceof Number n)) {
      throw new IllegalArgumentException("'" + key + "' must be a number in " + m);
    }
    return n.intValue();
  }

  static boolean bool(Map<String, Object> m, String key, boolean fallback) {
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
