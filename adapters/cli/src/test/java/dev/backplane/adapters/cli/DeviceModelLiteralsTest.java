package dev.backplane.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backplane.core.machine.PluginCapabilitySource;
import dev.backplane.spi.DeviceCatalog;
import dev.backplane.spi.DeviceModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Device knowledge is catalog data: no string literal in the main sources of core and the adapters
 * names a device model or QEMU device of a built-in catalog, except libvirt's XML vocabulary
 * itself (the allow-list) and the named rules still written as code (the backlog, which may only
 * shrink: an entry no source uses any more fails the test until it is removed).
 */
class DeviceModelLiteralsTest {
  private static final Path ROOT = Path.of(System.getProperty("backplane.root", "../.."));
  private static final List<String> ARCHES = List.of("x86_64", "aarch64", "armv7l", "ppc64", "s390x");

  /** libvirt's XML vocabulary: element, attribute, bus and type values, and its PCI controller models. */
  private static final Set<String> LIBVIRT_VOCABULARY = Set.of(
      // controller types, disk buses and devices, input types and buses, address types
      "pci", "usb", "scsi", "sata", "ide", "fdc", "virtio", "virtio-serial", "ccid", "nvme", "isa",
      "xen", "serial", "none", "disk", "cdrom", "floppy", "lun", "mouse", "keyboard", "tablet",
      "ps2", "passthrough", "host",
      // the memory slot address type, and libvirt's alias prefix of every memory module
      "dimm",
      // host device types, and the mdev models (libvirt's XML values, which say the address type)
      "mdev", "scsi_host", "vfio-ap", "vfio-pci", "vfio-ccw",
      // the virtio model values every virtio device takes
      "virtio-transitional",
      // libvirt's PCI controller models (the planner's PCI rules are libvirt's, per model)
      "pci-root", "pcie-root", "pcie-root-port", "pcie-switch-upstream-port",
      "pcie-switch-downstream-port", "pci-bridge", "pcie-to-pci-bridge", "dmi-to-pci-bridge",
      "pci-expander-bus", "pcie-expander-bus",
      // serial target types
      "isa-serial", "spapr-vio-serial", "system-serial", "sclp-serial", "usb-serial", "pci-serial");

  /**
   * Rules still written as code, with what they are: the backlog for moving them into the
   * catalog. Each entry is {@code literal → file}; it may only shrink.
   */
  private static final Map<String, String> NOT_YET_DATA = Map.of();

  private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

  @Test
  void noDeviceModelLiteralOutsideTheAllowListInCoreAndAdapters() throws IOException {
    Set<String> names = catalogNames();
    assertTrue(names.size() > 200, "the built-in catalogs name only " + names.size() + " models and devices");
    Map<String, List<String>> found = new TreeMap<>();
    for (Path file : mainSources()) {
      List<String> lines = Files.readAllLines(file);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).strip();
        if (line.startsWith("*") || line.startsWith("//") || line.startsWith("/*")) {
          continue;
        }
        Matcher m = LITERAL.matcher(lines.get(i));
        while (m.find()) {
          String literal = m.group(1);
          if (names.contains(literal) && !LIBVIRT_VOCABULARY.contains(literal)) {
            found.computeIfAbsent(literal, k -> new ArrayList<>())
                .add(file.getFileName() + ":" + (i + 1));
          }
        }
      }
    }
    Map<String, List<String>> unexpected = new TreeMap<>(found);
    NOT_YET_DATA.forEach((literal, file) -> unexpected.computeIfPresent(literal, (k, places) -> {
      List<String> others = places.stream().filter(p -> !p.startsWith(file + ":")).toList();
      return others.isEmpty() ? null : others;
    }));
    assertEquals(Map.of(), unexpected, "device or chipset model literals in core/adapters: move them"
        + " into the device catalog (machines-*/.../*-catalog.tsv)");
    Set<String> gone = new TreeSet<>(NOT_YET_DATA.keySet());
    gone.removeAll(found.keySet());
    assertEquals(Set.of(), gone, "no longer written as code: remove from NOT_YET_DATA");
  }

  /** Every model key part and QEMU device of the built-in catalogs. */
  private static Set<String> catalogNames() {
    PluginCapabilitySource plugins = PluginCapabilitySource.fromClassPath();
    Set<String> names = new TreeSet<>();
    for (String arch : ARCHES) {
      DeviceCatalog catalog = plugins.devices(arch).orElseThrow();
      for (DeviceModel model : catalog.models()) {
        for (String part : model.key().split("/")) {
          names.add(part);
        }
        names.add(model.qemuDevice());
        names.addAll(model.transports().values());
        model.secondaryDevice().ifPresent(names::add);
        model.codec().ifPresent(names::add);
      }
    }
    names.removeAll(Set.of(DeviceModel.NO_DEVICE, DeviceModel.NOT_ON_MACHINES,
        DeviceModel.NO_QEMU_DEVICE, "*"));
    return names;
  }

  private static List<Path> mainSources() throws IOException {
    List<Path> roots = new ArrayList<>(List.of(ROOT.resolve("core/src/main/java")));
    try (Stream<Path> adapters = Files.list(ROOT.resolve("adapters"))) {
      adapters.map(a -> a.resolve("src/main/java")).filter(Files::isDirectory).forEach(roots::add);
    }
    List<Path> files = new ArrayList<>();
    for (Path root : roots) {
      try (Stream<Path> walk = Files.walk(root)) {
        walk.filter(p -> p.toString().endsWith(".java")).sorted().forEach(files::add);
      }
    }
    assertTrue(files.size() > 50, "found only " + files.size() + " sources under " + ROOT);
    return files;
  }
}
