package dev.backplane.adapters.cli;

import dev.backplane.core.machine.PluginLoadException;
import dev.backplane.core.model.BackplaneException;
import dev.backplane.core.model.EnvironmentException;
import dev.backplane.core.model.InvalidDomainException;
import dev.backplane.core.model.MachineOptionException;
import dev.backplane.core.model.UnknownMachineException;

/**
 * Turns core's exceptions into the command line's answer: an exit code and one line (without the
 * {@code backplane: } prefix), with hints that name this command line's commands and options,
 * which core's messages do not.
 */
final class Failures {
  private Failures() {}

  /** 1 for input core refuses, 3 for an installation it cannot work with. */
  static int exitCode(BackplaneException e) {
    return e instanceof EnvironmentException ? ExitCodes.ENVIRONMENT : ExitCodes.INVALID_INPUT;
  }

  static String line(BackplaneException e) {
    return e instanceof InvalidDomainException invalid ? line(invalid, invalid.element()) : other(e);
  }

  /**
   * The line of {@code e} naming {@code element} where core names a domain's: for commands whose
   * user wrote no domain (describe's MACHINE and --arch, not {@code <os><type>}).
   */
  static String line(InvalidDomainException e, String element) {
    String fix = join(e.fix(), hint(e));
    return element + ": " + e.rule() + (fix.isEmpty() ? "" : " (fix: " + fix + ")");
  }

  private static String other(BackplaneException e) {
    if (e instanceof PluginLoadException load && load.pluginIds().isEmpty()) {
      return e.getMessage() + "; or name plugin jars in " + PluginPath.VARIABLE;
    }
    return e.getMessage();
  }

  private static String hint(InvalidDomainException e) {
    if (e instanceof UnknownMachineException unknown) {
      return unknown.known().isEmpty()
          ? "`backplane machines` lists the architectures"
          : "`backplane machines --arch " + unknown.arch() + "` lists them";
    }
    if (e instanceof MachineOptionException option && !option.options().isEmpty()) {
      return "or describe the machine in a table (--tables DIR)";
    }
    return "";
  }

  private static String join(String fix, String hint) {
    if (fix == null || fix.isEmpty()) {
      return hint;
    }
    return hint.isEmpty() ? fix : fix + "; " + hint;
  }
}
