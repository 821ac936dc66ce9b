package dev.backplane.adapters.cli;

import dev.backplane.adapters.diagram.Diagrams;
import dev.backplane.adapters.diagram.Graphviz;
import dev.backplane.core.Backplane;
import dev.backplane.core.model.InvalidDomainException;
import dev.backplane.core.port.in.DescribeMachineCommand;
import dev.backplane.spi.MachineDescription;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code backplane describe}: what one machine type looks like inside. */
@Command(
    name = "describe",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Shows a machine type's buses, built-in devices, reserved slots and defaults.")
final class DescribeCommand implements Callable<Integer> {

  /** --qemu, --tables, --cache-dir: where machine knowledge comes from besides the plugins. */
  @Mixin
  KnowledgeOptions knowledge;

  enum Format { TEXT, JSON, TREE, DOT, SVG }

  @Parameters(index = "0", paramLabel = "MACHINE",
      description = "Machine type or alias, with optional options: q35, pc-q35-7.2, q35,sata=off.")
  String machine;

  @Option(names = "--arch", defaultValue = "x86_64", paramLabel = "ARCH",
      description = "Architecture (default: ${DEFAULT-VALUE}).")
  String arch;

  @Option(names = "--format", defaultValue = "text", paramLabel = "text|json|tree|dot|svg",
      description = "Output format (default: ${DEFAULT-VALUE}); tree, dot and svg draw the empty "
          + "machine (svg needs Graphviz's dot).")
  Format format;

  private final Provider<Backplane> backplane;
  private final Provider<MachineJsonWriter> json;
  private final MachineTextWriter text;
  private final PrintStream stdout;

  @Inject
  DescribeCommand(KnowledgeOptions knowledge, Provider<Backplane> backplane,
      Provider<MachineJsonWriter> json, MachineTextWriter text,
      @CliComponent.Stdout PrintStream stdout) {
    this.knowledge = knowledge;
    this.backplane = backplane;
    this.json = json;
    this.text = text;
    this.stdout = stdout;
  }

  @Override
  public Integer call() {
    MachineDescription description;
    try {
      description = backplane.get().describe(DescribeMachineCommand.of(arch, machine));
    } catch (InvalidDomainException e) { // an unknown machine or option: name what the user wrote
      throw CliException.invalidInput(Failures.line(e, "MACHINE '" + machine + "' (--arch " + arch + ")"), e);
    }
    CliException.writing("the description", () -> {
      switch (format) {
        case JSON -> json.get().write(description, stdout);
        case TEXT -> text.write(description, stdout);
        case TREE -> Diagrams.tree(stdout).write(Diagrams.emptyMachine(description));
        case DOT -> Diagrams.dot(stdout).write(Diagrams.emptyMachine(description));
        case SVG -> Diagrams.svg(stdout, Graphviz.locate()).write(Diagrams.emptyMachine(description));
      }
    });
    stdout.flush();
    return ExitCodes.OK;
  }
}
