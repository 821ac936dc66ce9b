package dev.backplane.adapters.cli;

import dev.backplane.core.Backplane;
import dev.backplane.spi.MachineType;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.PrintStream;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code backplane machines}: one line per known machine type. */
@Command(
    name = "machines",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Lists the machine types the installed plugins know, one per line:",
        "name, architecture, aliases (or -), and the markers default and deprecated."})
final class MachinesCommand implements Callable<Integer> {

  /** --qemu, --tables, --cache-dir: where machine knowledge comes from besides the plugins. */
  @Mixin
  KnowledgeOptions knowledge;

  @Option(names = "--arch", paramLabel = "ARCH", description = "Only this architecture.")
  String arch;

  private final Provider<Backplane> backplane;
  private final PrintStream stdout;

  @Inject
  MachinesCommand(KnowledgeOptions knowledge, Provider<Backplane> backplane,
      @CliComponent.Stdout PrintStream stdout) {
    this.knowledge = knowledge;
    this.backplane = backplane;
    this.stdout = stdout;
  }

  @Override
  public Integer call() {
    List<MachineType> types = backplane.get().machineTypes(arch);
    if (types.isEmpty()) {
      String known = String.join(", ", backplane.get().machineTypes(null).stream().map(MachineType::arch)
          .collect(Collectors.toCollection(TreeSet::new)));
      throw CliException.invalidInput("--arch " + arch + ": no machine types are known for this"
          + " architecture (fix: use one of " + known + ")");
    }
    int nameWidth = types.stream().mapToInt(t -> t.name().length()).max().orElse(0);
    int archWidth = types.stream().mapToInt(t -> t.arch().length()).max().orElse(0);
    int aliasWidth = types.stream().mapToInt(t -> aliases(t).length()).max().orElse(0);
    for (MachineType type : types) {
      String line = pad(type.name(), nameWidth) + "  " + pad(type.arch(), archWidth) + "  "
          + pad(aliases(type), aliasWidth)
          + (type.isDefault() ? "  default" : "")
          + (type.deprecated() ? "  deprecated" : "");
      stdout.println(line.stripTrailing());
    }
    stdout.flush();
    return ExitCodes.OK;
  }

  private static String aliases(MachineType type) {
    return type.aliases().isEmpty() ? "-" : String.join(",", type.aliases());
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }
}
