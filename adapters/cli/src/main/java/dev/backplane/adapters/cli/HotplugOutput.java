package dev.backplane.adapters.cli;

import dev.backplane.adapters.libvirtxml.LibvirtDocument;
import dev.backplane.core.model.Plan;
import java.io.PrintStream;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The output options {@code add} and {@code remove} share, and the writing of their plan. */
final class HotplugOutput {
  @Option(names = "--format", defaultValue = "libvirt",
      paramLabel = "libvirt|json|qemu-args|tree|dot|svg",
      description = "Output, as for plan: the domain XML (default), JSON, QEMU arguments, or a picture.")
  PlanCommand.Format format;

  @Option(names = "--stub-backends", description = "With --format qemu-args: also define null backends.")
  boolean stubBackends;

  @Option(names = "--binary", description = "With --format qemu-args: the QEMU binary first.")
  boolean binary;

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  /** Refuses qemu-args options without {@code --format qemu-args}, and stdin named twice in {@code files}. */
  void check(List<String> files) {
    if ((stubBackends || binary) && format != PlanCommand.Format.QEMU_ARGS) {
      throw new ParameterException(spec.commandLine(), "--stub-backends and --binary need --format qemu-args");
    }
    if (files.stream().filter("-"::equals).count() > 1) {
      throw new ParameterException(spec.commandLine(), "standard input (-) can be read once");
    }
  }

  /** Writes {@code plan} of {@code document} to {@code stdout} in the chosen format. */
  int write(LibvirtDocument document, Plan plan, PrintStream stdout, Supplier<JsonPlanSinks> jsonSinks) {
    CliException.writing("the plan",
        () -> PlanCommand.sink(format, document, stdout, null, jsonSinks, stubBackends, binary).write(plan));
    stdout.flush();
    return ExitCodes.OK;
  }
}
