package dev.backplane.spi.support;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The shape of a machine table file (versions 1 and 2): which keys each object may have, which of them
 * are required, and the type of every value. Anything else is refused with the key path and a fix,
 * so a misspelled key cannot load as an absent one.
 */
final class TableSchema {
  private TableSchema() {}

  /** Thrown inside the walk; {@link MachineTable} adds the table's origin. */
  static final class Problem extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String path;
    final String problem;
    final String fix;

    Problem(String path, String problem, String fix) {
      super(path + ": " + problem, null, false, false);
      this.path = path;
      this.problem = problem;
      this.fix = fix;
    }
  }

  private sealed interface Shape permits Text, Whole, Flag, ListOf, MapOf, Obj {}

  /** A string, optionally one of {@code allowed}. */
  private record Text(Set<String> allowed) implements Shape {}

  private record Whole(int min, int max) implements Shape {}

  private record Flag() implements Shape {}

  private record ListOf(Shape element) implements Shape {}

  /** An object with keys of the user's choosing (family names, roles). */
  private record MapOf(Shape value) implements Shape {}

  private record Obj(Map<String, Shape> fields, Set<String> required) implements Shape {}

  private static final Shape TEXT = new Text(Set.of());
  private static final Shape BOOL = new Flag();
  private static final Shape SLOT = new Whole(0, 31);
  private static final Shape FUNCTION = new Whole(0, 7);
  private static final Shape TEXTS = new ListOf(TEXT);

  private static Shape oneOf(String... values) {
    return new Text(new TreeSet<>(List.of(values)));
  }

  private static Obj obj(Set<String> required, Object... keysAndShapes) {
    Map<String, Shape> fields = new LinkedHashMap<>();
    for (int i = 0; i < keysAndShapes.length; i += 2) {
      fields.put((String) keysAndShapes[i], (Shape) keysAndShapes[i + 1]);
    }
    return new Obj(fields, required);
  }

  private static final Obj DEFAULTS = obj(Set.of(),
      "usbController", TEXT, "usbModel", TEXT, "panicModel", TEXT, "nicModel", TEXT,
      "videoModel", TEXT, "scsiModel", TEXT, "serialTarget", TEXT,
      "serialModels", new MapOf(TEXT),
      "memballoon", BOOL, "ps2Inputs", BOOL, "panic", BOOL, "usbInputsWithGraphics", BOOL,
      "controllers", TEXTS, "secondaryVideoModels", TEXTS);

  /** Per firmware name, what it can enumerate ({@link dev.backplane.spi.FirmwareBudget}). */
  private static final Shape FIRMWARE = new MapOf(obj(Set.of(),
      "default", BOOL, "efi", BOOL, "busNumbers", new Whole(1, 256), "ioWindows", new Whole(0, 16),
      "conventionalBridgesTakeIo", BOOL, "overBusNumbers", TEXT, "overIoWindows", TEXT));

  private static final Obj FAMILY = obj(Set.of("rootBuses"),
      "rootBuses", new ListOf(obj(Set.of("name", "kind"),
          "name", TEXT,
          "kind", oneOf("pci", "pcie", "ccw", "spapr-vio", "virtio-mmio", "isa"),
          "model", TEXT, "modelName", TEXT, "firstSlot", SLOT, "lastSlot", SLOT,
          "transports", new Whole(1, 1024))),
      "implicitDevices", new ListOf(obj(Set.of("qemuType", "bus"),
          "qemuType", TEXT, "bus", TEXT, "slot", SLOT, "function", FUNCTION,
          "controller", TEXT, "option", TEXT)),
      "buses", new ListOf(obj(Set.of("name", "type", "device"),
          "name", TEXT, "type", TEXT, "device", TEXT)),
      "options", TEXTS,
      "reservations", new ListOf(obj(Set.of("slot", "function", "reason"),
          "slot", SLOT, "function", FUNCTION, "reason", TEXT, "controller", TEXT,
          "models", TEXTS)),
      "preferredSlots", new MapOf(new ListOf(SLOT)),
      "pciControllerModels", TEXTS,
      "iommuModels", TEXTS,
      "connections", new MapOf(oneOf("pci", "pcie", "virtio", "integrated", "ccw", "none")),
      "virtioTransport", oneOf("pci", "ccw", "mmio"),
      "multipleRoots", BOOL,
      "zpci", BOOL,
      "firmware", FIRMWARE,
      "defaults", DEFAULTS);

  /** A version 1 table: one self-contained file. */
  private static final Obj TABLE_V1 = obj(Set.of("format", "arch", "families", "machines"),
      "format", TEXT,
      "arch", TEXT,
      "source", TEXT,
      "families", new MapOf(FAMILY),
      "machines", new ListOf(obj(Set.of("name", "family"),
          "name", TEXT, "family", TEXT, "aliases", TEXTS, "default", BOOL, "deprecated", BOOL)),
      "qemuDevices", TEXTS);

  /**
   * A version 2 family. QEMU's facts ({@code rootBuses}, {@code implicitDevices}, {@code options})
   * and libvirt's policy (the rest) may come from different files of one table; {@code extends}
   * names the family this one builds on.
   */
  private static final Obj FAMILY_V2 = obj(Set.of(),
      "extends", TEXT,
      "rootBuses", new ListOf(obj(Set.of("name", "kind"),
          "name", TEXT,
          "kind", oneOf("pci", "pcie", "ccw", "spapr-vio", "virtio-mmio", "isa"),
          "transports", new Whole(1, 1024))),
      "implicitDevices", new ListOf(obj(Set.of("qemuType", "bus"),
          "qemuType", TEXT, "bus", TEXT, "slot", SLOT, "function", FUNCTION, "option", TEXT)),
      "options", TEXTS,
      "rootBusPolicy", new MapOf(obj(Set.of(),
          "model", TEXT, "modelName", TEXT, "firstSlot", SLOT, "lastSlot", SLOT)),
      "implicitControllers", new MapOf(TEXT),
      "reservations", FAMILY.fields().get("reservations"),
      "preferredSlots", FAMILY.fields().get("preferredSlots"),
      "pciControllerModels", TEXTS,
      "iommuModels", TEXTS,
      "connections", FAMILY.fields().get("connections"),
      "virtioTransport", FAMILY.fields().get("virtioTransport"),
      "multipleRoots", BOOL,
      "zpci", BOOL,
      "firmware", FIRMWARE,
      "defaults", DEFAULTS);

  /** A version 2 file: facts, policy or both; {@code binary} is the QEMU binary of its machines. */
  private static final Obj TABLE_V2 = obj(Set.of("format", "arch"),
      "format", TEXT,
      "arch", TEXT,
      "binary", TEXT,
      "source", TEXT,
      "families", new MapOf(FAMILY_V2),
      "machines", TABLE_V1.fields().get("machines"),
      "qemuDevices", TEXTS);

  /** The keys of a version 2 family whose values are objects, merged key by key by {@code extends}. */
  static final Set<String> MERGED_BY_KEY = Set.of("rootBusPolicy", "implicitControllers",
      "preferredSlots", "connections", "firmware", "defaults");

  /** Checks a parsed version 1 table against the format; throws {@link Problem} at the first violation. */
  static void check(Object table) {
    check(TABLE_V1, table, null);
  }

  /** Checks one file of a version 2 table. */
  static void checkV2(Object table) {
    check(TABLE_V2, table, null);
  }

  /**
   * Where a value is in the table: its parent and its key (or, in an array, its index), written
   * out ({@link #child}) only when a message needs it, not for each of the thousands of values.
   */
  private record Where(Where parent, String key, int index) {
    static String path(Where where) {
      return where == null ? "" : where.toString();
    }

    @Override
    public String toString() {
      return key != null ? child(path(parent), key) : path(parent) + "[" + index + "]";
    }
  }

  private static void check(Shape shape, Object value, Where at) {
    if (shape instanceof Text text) {
      if (!(value instanceof String s)) {
        throw wrongType(Where.path(at), "a string", value);
      }
      if (!text.allowed().isEmpty() && !text.allowed().contains(s)) {
        throw new Problem(Where.path(at), "'" + s + "' is not allowed", "use one of " + text.allowed());
      }
    } else if (shape instanceof Whole whole) {
      if (!(value instanceof Long n)) {
        throw wrongType(Where.path(at), "a whole number", value);
      }
      if (n < whole.min() || n > whole.max()) {
        throw new Problem(Where.path(at), n + " is out of range",
            "use a number from " + whole.min() + " to " + whole.max());
      }
    } else if (shape instanceof Flag) {
      if (!(value instanceof Boolean)) {
        throw wrongType(Where.path(at), "true or false", value);
      }
    } else if (shape instanceof ListOf list) {
      if (!(value instanceof List<?> items)) {
        throw wrongType(Where.path(at), "an array", value);
      }
      for (int i = 0; i < items.size(); i++) {
        check(list.element(), items.get(i), new Where(at, null, i));
      }
    } else if (shape instanceof MapOf map) {
      if (!(value instanceof Map<?, ?> entries)) {
        throw wrongType(Where.path(at), "an object", value);
      }
      for (Map.Entry<?, ?> entry : entries.entrySet()) {
        check(map.value(), entry.getValue(), new Where(at, (String) entry.getKey(), 0));
      }
    } else {
      Obj obj = (Obj) shape;
      if (!(value instanceof Map<?, ?> entries)) {
        throw wrongType(Where.path(at), "an object", value);
      }
      for (String key : obj.fields().keySet()) {
        if (obj.required().contains(key) && !entries.containsKey(key)) {
          String path = Where.path(at);
          throw new Problem(path, "required key '" + key + "' is missing",
              "add \"" + key + "\" to " + (path.isEmpty() ? "the table" : path));
        }
      }
      for (Map.Entry<?, ?> entry : entries.entrySet()) {
        String key = (String) entry.getKey();
        Shape field = obj.fields().get(key);
        Where child = new Where(at, key, 0);
        if (field == null) {
          throw new Problem(Where.path(child), "unknown key", suggestion(key, obj.fields().keySet()));
        }
        check(field, entry.getValue(), child);
      }
    }
  }

  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

  /** {@code families.q35}, or {@code families["virt-2.6"]} for keys that are not plain words. */
  static String child(String path, String key) {
    String step = PLAIN.matcher(key).matches() ? key : "[\"" + key + "\"]";
    return path.isEmpty() ? step : step.startsWith("[") ? path + step : path + "." + step;
  }

  private static Problem wrongType(String path, String expected, Object found) {
    String kind = found == null ? "null" : found instanceof String ? "a string"
        : found instanceof Boolean ? "a boolean" : found instanceof Number ? "a number"
        : found instanceof List ? "an array" : "an object";
    return new Problem(path, "must be " + expected + ", not " + kind, "write " + expected);
  }

  /** Names the closest known key when the unknown one looks like a typo of it. */
  private static String suggestion(String key, Set<String> known) {
    String closest = known.stream()
        .min(Comparator.comparingInt((String k) -> distance(key.toLowerCase(), k.toLowerCase())))
        .orElse("");
    String list = "known keys: " + String.join(", ", known);
    return distance(key.toLowerCase(), closest.toLowerCase()) <= Math.max(2, key.length() / 4)
        ? "did you mean '" + closest + "'? " + list
        : "remove it; " + list;
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
