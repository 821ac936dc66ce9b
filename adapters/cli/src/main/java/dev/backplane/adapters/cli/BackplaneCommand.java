package dev.backplane.adapters.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code backplane}: the top-level command; it only dispatches to its subcommands. */
@Command(
    name = "backplane",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Plans QEMU device addresses for libvirt domain XML the way libvirt 9.0 does.",
    footerHeading = "%nExit codes:%n",
    footer = {
        "  0  ok",
        "  1  invalid input (domain breaks a rule, unknown machine, unreadable or",
        "     malformed file); verify: a device is elsewhere or missing; drift: the",
        "     binary and the built-in tables differ; diff: the guest ABI changed",
        "  2  usage (unknown option, missing parameter, missing command)",
        "  3  environment (no machine plugins, output cannot be written); verify,",
        "     probe, drift and --qemu: QEMU is missing or does not start",
        "  4  internal error (a bug in Backplane)"})
final class BackplaneCommand implements Callable<Integer> {
  /**
   * The subcommands by name, in the order help lists them. {@link Main} registers only the one a
   * command line names (all of them when it names none), so a run builds one command's model.
   * The names are written out, not read from each class's {@code @Command}: reading them loaded
   * every command class and its annotations on each start (MainTest checks that they agree).
   */
  static final Map<String, Class<?>> SUBCOMMANDS = subcommands(
      "plan", PlanCommand.class, "add", AddCommand.class, "remove", RemoveCommand.class,
      "describe", DescribeCommand.class, "machines", MachinesCommand.class,
      "verify", VerifyCommand.class, "probe", ProbeCommand.class, "drift", DriftCommand.class,
      "diff", DiffCommand.class);

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing command: " + commands());
  }

  /** The subcommand {@code args} name: their first word that is not an option; null for none. */
  static String named(String[] args) {
    for (String arg : args) {
      if (!arg.startsWith("-")) {
        return SUBCOMMANDS.containsKey(arg) ? arg : null;
      }
    }
    return null;
  }

  private static Map<String, Class<?>> subcommands(Object... namesAndTypes) {
    Map<String, Class<?>> byName = new LinkedHashMap<>();
    for (int i = 0; i < namesAndTypes.length; i += 2) {
      byName.put((String) namesAndTypes[i], (Class<?>) namesAndTypes[i + 1]);
    }
    return Collections.unmodifiableMap(byName);
  }

  /** The registered subcommands, as {@code plan, describe, …, probe or drift}. */
  private String commands() {
    List<String> names = List.copyOf(spec.subcommands().keySet());
    return names.size() < 2 ? String.join("", names)
        : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
  }
}
