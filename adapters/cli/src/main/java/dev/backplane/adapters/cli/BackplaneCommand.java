package dev.backplane.adapters.cli;

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
    subcommands = {PlanCommand.class, DescribeCommand.class, MachinesCommand.class,
        VerifyCommand.class, ProbeCommand.class, DriftCommand.class},
    footerHeading = "%nExit codes:%n",
    footer = {
        "  0  ok",
        "  1  invalid input (domain breaks a rule, unknown machine, unreadable or malformed file)",
        "  2  usage (unknown option, missing parameter)",
        "  3  environment (no machine plugins, output cannot be written)",
        "  4  internal error (a bug in Backplane)"})
final class BackplaneCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing command: plan, describe or machines");
  }
}
