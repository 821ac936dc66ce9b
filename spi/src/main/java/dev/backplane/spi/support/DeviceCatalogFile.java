package dev.backplane.spi.support;

import dev.backplane.spi.Connection;
import dev.backplane.spi.DeviceCatalog;
import dev.backplane.spi.DeviceModel;
import dev.backplane.spi.DeviceTransport;
import dev.backplane.spi.Experimental;
import dev.backplane.spi.PlacementRole;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a device catalog file (format {@value #FORMAT}), tab-separated text, one line each:
 *
 * <pre>
 * format       backplane-devices/1
 * extends      /dev/backplane/machines/arm/armv7l.devices     (optional: a base catalog resource)
 * qemuBinary   qemu-system-arm
 * inputBus     mouse   ps2                                     (libvirt's bus for an input type; * for the rest)
 * KIND  KEY  CONNECTION  QEMU-DEVICE  [PROPERTY=VALUE ...]      (one libvirt device model)
 * </pre>
 *
 * A model line replaces the base's line of the same kind and key; headers it does not repeat are
 * the base's. {@code #} starts a comment line. See {@link DeviceModel} for the columns and the
 * README's plugin guide for the properties.
 */
@Experimental(since = "2026-12-01")
public final class DeviceCatalogFile {
  /** The format name and version a catalog file's {@code format} header MUST give. */
  public static final String FORMAT = "backplane-devices/1";
  private static final List<String> PROPERTIES = List.of("transitional", "non-transitional", "mmio",
      "ccw", "secondary", "codec", "machineOption", "scsiBus", "scsiMaxId", "scsiMaxLun",
      "scsiHostdevMaxUnit", "scsiHostdevReservedUnit", "usbPorts",
      "usbPortsAttribute", "usbMaxPorts", "usbSpeeds", "hostResource", "setFunction", "firstPort", "role", "spaprVio",
      "builtInOn", "absentOn", "onlyOn", "ioPorts", "needsDevice", "needsAddress", "server", "isaAddress",
      "videoMemory");

  private DeviceCatalogFile() {}

  /**
   * {@return the catalog in the resource {@code resource} of {@code owner} (relative to its
   * package, or absolute with a leading {@code /}), with the catalogs it extends, read through
   * {@code owner}'s class loader}
   *
   * @param owner the class whose class loader and package locate the resource
   * @param resource the resource name, relative to {@code owner}'s package or absolute with a leading {@code /}
   */
  public static DeviceCatalog load(Class<?> owner, String resource) {
    return read(owner, resource, 0).build();
  }

  private static DeviceCatalog.Builder read(Class<?> owner, String resource, int depth) {
    String origin = resource.startsWith("/") ? resource.substring(1)
        : owner.getPackageName().replace('.', '/') + "/" + resource;
    if (depth > 8) {
      throw new DeviceCatalogException(origin, 0, "catalogs extend each other in a cycle",
          "let one catalog extend the other, not both");
    }
    String text;
    try (InputStream in = owner.getResourceAsStream(resource)) {
      if (in == null) {
        throw new DeviceCatalogException(origin, 0, "not found on the class path of " + owner.getName(),
            "add the file, or put the plugin that has it on the class path");
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new DeviceCatalogException(origin, 0, "cannot be read: " + e.getMessage(), "");
    }
    return parse(owner, origin, text, depth);
  }

  private static DeviceCatalog.Builder parse(Class<?> owner, String origin, String text, int depth) {
    Map<String, DeviceModel> models = new LinkedHashMap<>();
    Map<String, String> inputBuses = new LinkedHashMap<>();
    String binary = null;
    boolean formatSeen = false;
    String[] lines = text.split("\n", -1);
    for (int n = 1; n <= lines.length; n++) {
      String line = lines[n - 1];
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] cells = line.split("\t");
      switch (cells[0]) {
        case "format" -> {
          cells(origin, n, cells, 2, 2);
          if (!cells[1].equals(FORMAT)) {
            throw new DeviceCatalogException(origin, n, "'" + cells[1] + "' is not a format this Backplane reads",
                "write format\t" + FORMAT);
          }
          formatSeen = true;
        }
        case "extends" -> {
          cells(origin, n, cells, 2, 2);
          DeviceCatalog base = read(owner, cells[1], depth + 1).build();
          base.models().forEach(m -> models.put(m.kind() + '\t' + m.key(), m));
          inputBuses.putAll(base.inputBuses());
          binary = base.qemuBinary().orElse(binary);
        }
        case "qemuBinary" -> binary = cells(origin, n, cells, 2, 2)[1];
        case "inputBus" -> inputBuses.put(cells(origin, n, cells, 3, 3)[1], cells[2]);
        default -> {
          DeviceModel model = model(origin, n, cells(origin, n, cells, 4, Integer.MAX_VALUE));
          models.put(model.kind() + '\t' + model.key(), model);
        }
      }
      if (!formatSeen) {
        throw new DeviceCatalogException(origin, n, "the first line must name the format",
            "start the file with format\t" + FORMAT);
      }
    }
    DeviceCatalog.Builder catalog = DeviceCatalog.builder().origin(origin)
        .addAllModels(models.values()).putAllInputBuses(inputBuses);
    if (binary != null) {
      catalog.qemuBinary(binary);
    }
    return catalog;
  }

  private static String[] cells(String origin, int n, String[] cells, int min, int max) {
    if (cells.length < min || cells.length > max) {
      throw new DeviceCatalogException(origin, n, "'" + cells[0] + "' takes " + (min - 1)
          + (max == min ? "" : max == Integer.MAX_VALUE ? " or more" : ".." + (max - 1))
          + " tab-separated values, found " + (cells.length - 1), "see the README's device catalog format");
    }
    return cells;
  }

  private static DeviceModel model(String origin, int n, String[] cells) {
    DeviceModel.Builder model = DeviceModel.builder().kind(cells[0]).key(cells[1]).qemuDevice(cells[3]);
    try {
      model.connection(Connection.fromLabel(cells[2]));
    } catch (IllegalArgumentException e) {
      throw new DeviceCatalogException(origin, n, "connection '" + cells[2] + "' is not known",
          "use pci, pcie, virtio, integrated, ccw or none");
    }
    for (int i = 4; i < cells.length; i++) {
      int eq = cells[i].indexOf('=');
      String name = eq < 0 ? cells[i] : cells[i].substring(0, eq);
      String value = eq < 0 ? "" : cells[i].substring(eq + 1);
      if (!PROPERTIES.contains(name) || value.isEmpty()) {
        throw new DeviceCatalogException(origin, n, PROPERTIES.contains(name)
                ? "property " + name + " has no value" : "unknown property '" + name + "'",
            "write NAME=VALUE with one of " + PROPERTIES);
      }
      try {
        property(model, name, value);
      } catch (IllegalArgumentException e) {
        throw new DeviceCatalogException(origin, n, "property " + name + ": '" + value + "' is not valid",
            "see the README's device catalog format");
      }
    }
    try {
      return model.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new DeviceCatalogException(origin, n, e.getMessage(), "see the README's device catalog format");
    }
  }

  private static void property(DeviceModel.Builder model, String name, String value) {
    switch (name) {
      case "transitional", "non-transitional", "mmio", "ccw" ->
          model.putTransports(DeviceTransport.fromLabel(name), value);
      case "secondary" -> model.secondaryDevice(value);
      case "codec" -> model.codec(value);
      case "machineOption" -> model.machineOption(value);
      case "scsiBus" -> model.scsiBus(DeviceModel.ScsiBus.valueOf(value.toUpperCase(java.util.Locale.ROOT)));
      case "scsiMaxId" -> model.scsiMaxId(Integer.parseInt(value));
      case "scsiMaxLun" -> model.scsiMaxLun(Integer.parseInt(value));
      case "scsiHostdevMaxUnit" -> model.scsiHostdevMaxUnit(Integer.parseInt(value));
      case "scsiHostdevReservedUnit" -> model.scsiHostdevReservedUnit(Integer.parseInt(value));
      case "usbPorts" -> model.usbPorts(Integer.parseInt(value));
      case "usbPortsAttribute" -> model.usbPortsAttribute(value);
      case "usbMaxPorts" -> model.usbMaxPorts(Integer.parseInt(value));
      case "usbSpeeds" -> model.addAllUsbSpeeds(usbSpeeds(value));
      case "hostResource" -> model.hostResource(value);
      case "setFunction" -> model.setFunction(Integer.parseInt(value));
      case "firstPort" -> model.firstPort(Integer.parseInt(value));
      case "role" -> model.role(PlacementRole.fromLabel(value));
      case "spaprVio" -> model.spaprVioBase(Long.decode(value));
      case "ioPorts" -> model.ioPorts(Integer.parseInt(value));
      case "builtInOn" -> model.addAllBuiltInOn(Set.of(value.split(",")));
      case "absentOn" -> model.addAllAbsentOn(Set.of(value.split(",")));
      case "onlyOn" -> model.addAllOnlyOn(Set.of(value.split(",")));
      case "needsDevice" -> needsDevice(model, value);
      case "needsAddress" -> model.needsAddress(yesOrNo(name, value));
      case "server" -> model.server(yesOrNo(name, value));
      case "isaAddress" -> model.addAllIsaAddress(isaAddress(value));
      case "videoMemory" -> model.putAllVideoMemory(videoMemory(value));
      default -> throw new IllegalStateException(name);
    }
  }

  private static List<String> isaAddress(String value) {
    List<String> properties = List.of(value.split(","));
    if (properties.equals(List.of(DeviceModel.NO_DEVICE))) {
      return properties;
    }
    boolean named = properties.size() <= 2;
    for (String property : properties) {
      named &= isPropertyName(property);
    }
    if (!named) {
      throw new IllegalArgumentException("isaAddress names one or two QEMU properties (the I/O base's,"
          + " then the IRQ's), not '" + value + "'");
    }
    return properties;
  }

  /** {@code [a-z][a-z0-9_-]*}, checked without compiling a pattern for each catalog line. */
  private static boolean isPropertyName(String name) {
    if (name.isEmpty() || name.charAt(0) < 'a' || name.charAt(0) > 'z') {
      return false;
    }
    for (int i = 1; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /** {@code vram:16384,ram:65536}: attribute and KiB pairs; the model checks the names and sizes. */
  private static Map<String, Integer> videoMemory(String value) {
    Map<String, Integer> memory = new LinkedHashMap<>();
    for (String pair : value.split(",")) {
      int colon = pair.indexOf(':');
      if (colon < 0 || memory.put(pair.substring(0, colon), Integer.parseInt(pair.substring(colon + 1))) != null) {
        throw new IllegalArgumentException("videoMemory lists ATTRIBUTE:KIB pairs, each attribute once, not '"
            + value + "'");
      }
    }
    return memory;
  }

  private static List<String> usbSpeeds(String value) {
    List<String> speeds = List.of(value.split(","));
    for (String speed : speeds) {
      if (!List.of("low", "full", "high", "super").contains(speed)) {
        throw new IllegalArgumentException("usbSpeeds lists low, full, high or super, not '" + speed + "'");
      }
    }
    return speeds;
  }

  /** {@code yes}, {@code no}, or the QEMU device libvirt asks for when it is not the model's own. */
  private static void needsDevice(DeviceModel.Builder model, String value) {
    if (value.equals("yes") || value.equals("no")) {
      model.needsDevice(yesOrNo("needsDevice", value));
    } else if (isDeviceName(value)) {
      model.needsDevice(true).neededDevice(value);
    } else {
      throw new IllegalArgumentException("needsDevice is yes, no or a QEMU device name, not '" + value + "'");
    }
  }

  /** A {@code -device help} name: letters, digits, {@code . _ -}, starting with a letter or digit. */
  private static boolean isDeviceName(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean alnum = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
      if (!(alnum || i > 0 && (c == '.' || c == '_' || c == '-'))) {
        return false;
      }
    }
    return !name.isEmpty();
  }

  private static boolean yesOrNo(String property, String value) {
    return switch (value) {
      case "yes" -> true;
      case "no" -> false;
      default -> throw new IllegalArgumentException(property + " is yes or no, not '" + value + "'");
    };
  }
}
