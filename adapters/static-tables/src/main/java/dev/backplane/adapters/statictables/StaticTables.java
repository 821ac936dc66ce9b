package dev.backplane.adapters.statictables;

import dev.backplane.core.port.out.CapabilitySource;
import dev.backplane.spi.support.MachineTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Machine knowledge from JSON machine tables (format {@value MachineTable#FORMAT}) in a directory,
 * so an operator can describe a machine type (say a downstream {@code pc-q35-rhel9.2.0}) without
 * writing a plugin.
 */
public final class StaticTables {
  /** Tables larger than this are refused: a machine table is a few kilobytes. */
  public static final long MAX_TABLE_BYTES = 4L * 1024 * 1024;

  private StaticTables() {}

  /**
   * Reads every {@code *.json} file of {@code dir} (in name order; earlier files win when two
   * describe the same machine type).
   *
   * @throws IllegalArgumentException naming the file and the problem when a table is invalid
   * @throws IOException when the directory or a file cannot be read
   */
  public static CapabilitySource fromDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("machine table directory " + dir + " does not exist");
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
    }
    List<MachineTable> tables = new ArrayList<>();
    for (Path file : files) {
      if (Files.size(file) > MAX_TABLE_BYTES) {
        throw new IllegalArgumentException("machine table " + file + " is larger than "
            + MAX_TABLE_BYTES + " bytes");
      }
      tables.add(MachineTable.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString()));
    }
    return new TableCapabilitySource(tables);
  }
}
