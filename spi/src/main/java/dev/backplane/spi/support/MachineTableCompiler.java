package dev.backplane.spi.support;

import dev.backplane.spi.Experimental;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles the machine tables of a plugin at build time, so that a run reads each table in one
 * step: {@link MachineTable#load(Class, String, String...)} then uses the compiled form beside the
 * JSON files and parses none of them (on a cold {@code backplane plan} that is about a tenth of the
 * process). The compiler reads each table as {@link MachineTable#parse(Map, List)} does, with every
 * check and every family described, so a broken table fails the build.
 *
 * <pre>
 * MachineTableCompiler CLASSES-DIR PACKAGE-PATH/FILE[,FILE...]...
 *   e.g. target/classes dev/backplane/machines/x86/qemu-system-x86_64-7.2.json,x86_64-libvirt-9.0.json
 * </pre>
 *
 * Each argument after the class directory is one table: its files, in the order the plugin passes
 * them to {@code load}. Run it after the resources are copied, as the built-in plugins do with
 * {@code exec-maven-plugin} in {@code process-classes} (README, "Writing a machine plugin").
 */
@Experimental(since = "2026-12-01")
public final class MachineTableCompiler {
  private MachineTableCompiler() {}

  /**
   * Compiles each table named by {@code args} (see the class comment).
   *
   * @param args the class directory, then one argument per table
   * @throws IOException when a file cannot be read or the compiled form written
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      throw new IllegalArgumentException(
          "usage: MachineTableCompiler CLASSES-DIR PACKAGE-PATH/FILE[,FILE...]...");
    }
    Path classes = Path.of(args[0]);
    for (int i = 1; i < args.length; i++) {
      String table = args[i];
      int slash = table.lastIndexOf('/');
      Path dir = classes.resolve(slash < 0 ? "" : table.substring(0, slash));
      List<String> names = List.of(table.substring(slash + 1).split(","));
      if (names.stream().anyMatch(name -> name.isEmpty() || name.contains("/"))) {
        throw new IllegalArgumentException("'" + table + "': name the files of one package,"
            + " comma-separated, after its path");
      }
      Map<String, String> files = new LinkedHashMap<>();
      for (String name : names) {
        files.put(name, Files.readString(dir.resolve(name), StandardCharsets.UTF_8));
      }
      MachineTable compiled = MachineTable.parse(files, List.of());
      Files.write(dir.resolve(CompiledTable.resourceName(names)), CompiledTable.write(compiled, names));
    }
  }
}
