package dev.backplane.adapters.qemuargs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The device knowledge of this adapter, read from {@code qemu-devices.tsv} (libvirt model to QEMU
 * device) and {@code builtin-controllers.tsv} (controllers a machine family builds in without a
 * PCI address). See the files' headers for the columns.
 */
final class QemuDeviceTable {
  static final String DEVICES = "qemu-devices.tsv";
  static final String BUILTIN = "builtin-controllers.tsv";
  /** In the device column: QEMU needs no {@code -device}. */
  static final String NONE = "-";
  /**
   * In the device column of an architecture's table: the target's machines cannot take the device
   * (pSeries has no ISA bus for isa-fdc). Devices the binary lacks need no row: the machine's
   * {@code qemuDevices} say so.
   */
  static final String MISSING = "!";

  /** One row: {@code device} is {@link #NONE} when nothing is created; {@code extra} may be null. */
  record Row(String kind, String key, String device, String extra) {
    boolean createsDevice() {
      return !NONE.equals(device) && !MISSING.equals(device);
    }

    /** For a SCSI controller: the drive unit is the SCSI id ("unit", "unit:MAX"), not channel/id/lun ("lun"). */
    boolean scsiUnitIsId() {
      return !"lun".equals(extra);
    }

    boolean missingFromTarget() {
      return MISSING.equals(device);
    }

    Row withDevice(String other) {
      return new Row(kind, key, other, extra);
    }
  }

  private static final QemuDeviceTable INSTANCE = load(null);
  private static final Map<String, QemuDeviceTable> BY_ARCH =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final Map<String, Row> rows;
  private final Map<String, String> builtIn;

  private QemuDeviceTable(Map<String, Row> rows, Map<String, String> builtIn) {
    this.rows = rows;
    this.builtIn = builtIn;
  }

  static QemuDeviceTable instance() {
    return INSTANCE;
  }

  /**
   * The table for one QEMU target: {@code qemu-devices-ARCH.tsv}, where present, replaces rows of
   * the common table (aarch64's serial port is built in).
   */
  static QemuDeviceTable forArch(String arch) {
    return arch == null ? INSTANCE : BY_ARCH.computeIfAbsent(arch, QemuDeviceTable::load);
  }

  /**
   * The row for {@code kind} and {@code key}. A key ending in {@code virtio-transitional} or
   * {@code virtio-non-transitional} without a row of its own takes the {@code virtio} row's device
   * with QEMU's {@code -transitional} / {@code -non-transitional} suffix.
   */
  Optional<Row> find(String kind, String key) {
    Row row = rows.get(kind + '\t' + key);
    if (row != null) {
      return Optional.of(row);
    }
    for (String suffix : List.of("-transitional", "-non-transitional")) {
      if (key.endsWith("virtio" + suffix)) {
        Row base = rows.get(kind + '\t' + key.substring(0, key.length() - suffix.length()));
        if (base != null && base.createsDevice()) {
          return Optional.of(base.withDevice(base.device() + suffix));
        }
      }
    }
    return Optional.empty();
  }

  /** The keys known for {@code kind}, for error messages. */
  Set<String> keys(String kind) {
    Set<String> keys = new TreeSet<>();
    for (Row row : rows.values()) {
      if (row.kind().equals(kind)) {
        keys.add(row.key());
      }
    }
    return keys;
  }

  /** Whether machines of {@code family} build in the index-0 controller of {@code type}. */
  boolean builtIn(String family, String type) {
    return builtIn.containsKey(family + '\t' + type);
  }

  private static QemuDeviceTable load(String arch) {
    Map<String, Row> rows = new LinkedHashMap<>();
    for (String[] cells : read(DEVICES, 3, 4)) {
      Row row = new Row(cells[0], cells[1], cells[2], cells.length > 3 ? cells[3] : null);
      if (rows.put(row.kind() + '\t' + row.key(), row) != null) {
        throw new IllegalStateException(DEVICES + ": duplicate row " + row.kind() + " " + row.key());
      }
    }
    String overrides = "qemu-devices-" + arch + ".tsv";
    if (arch != null && QemuDeviceTable.class.getResource(overrides) != null) {
      for (String[] cells : read(overrides, 3, 4)) {
        rows.put(cells[0] + '\t' + cells[1],
            new Row(cells[0], cells[1], cells[2], cells.length > 3 ? cells[3] : null));
      }
    }
    Map<String, String> builtIn = new LinkedHashMap<>();
    for (String[] cells : read(BUILTIN, 3, 3)) {
      builtIn.put(cells[0] + '\t' + cells[1], cells[2]);
    }
    return new QemuDeviceTable(rows, builtIn);
  }

  private static List<String[]> read(String resource, int min, int max) {
    List<String[]> lines = new ArrayList<>();
    try (InputStream in = QemuDeviceTable.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("resource " + resource + " is missing from the class path");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] cells = line.split("\t");
        if (cells.length < min || cells.length > max) {
          throw new IllegalStateException(resource + ":" + number + ": expected " + min + ".." + max
              + " tab-separated columns, found " + cells.length);
        }
        lines.add(cells);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
    return lines;
  }
}
