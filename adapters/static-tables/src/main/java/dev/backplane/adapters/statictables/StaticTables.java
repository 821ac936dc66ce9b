package dev.backplane.adapters.statictables;

import dev.backplane.core.port.out.CapabilitySource;
import dev.backplane.spi.support.MachineTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Machine knowledge from JSON machine tables (format {@value MachineTable#FORMAT} or
 * {@value MachineTable#FORMAT_V1}) in a directory, so an operator can describe a machine type (say
 * a downstream {@code pc-q35-rhel9.2.0}, whose family extends the built-in {@code q35}) without
 * writing a plugin.
 */
public final class StaticTables {
  /** Tables larger than this are refused: a machine table is a few kilobytes. */
  public static final long MAX_TABLE_BYTES = 4L * 1024 * 1024;

  private StaticTables() {}

  /**
   * Reads every {@code *.json} file of {@code dir}, in name order: the version 2 files of one
   * architecture form one table (facts, policy, downstream families), each version 1 file is a
   * table of its own, and an earlier table wins when two describe the same machine type.
   *
   * @throws IllegalArgumentException naming the file and the problem when a table is invalid
   * @throws IOException when the directory or a file cannot be read
   */
  public static CapabilitySource fromDirectory(Path dir) throws IOException {
    return fromDirectory(dir, List.of());
  }

  /**
   * As {@link #fromDirectory(Path)}, where a family may extend a family of {@code bases} (the
   * built-in plugins' tables) of its architecture.
   */
  public static CapabilitySource fromDirectory(Path dir, List<MachineTable> bases) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException(Files.exists(dir)
          ? dir + " is not a directory: give the directory that holds the machine tables (*.json)"
          : "machine table directory " + dir + " does not exist");
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
    }
    Map<String, String> texts = new LinkedHashMap<>();
    for (Path file : files) {
      if (Files.size(file) > MAX_TABLE_BYTES) {
        throw new IllegalArgumentException("machine table " + file + " is larger than "
            + MAX_TABLE_BYTES + " bytes");
      }
      texts.put(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }
    return new TableCapabilitySource(MachineTable.parseAll(texts, bases));
  }
}
