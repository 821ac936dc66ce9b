package dev.backplane.adapters.cli;

import dev.backplane.adapters.diagram.Diagrams;
import dev.backplane.adapters.diagram.Graphviz;
import dev.backplane.adapters.diagram.GraphvizException;
import dev.backplane.adapters.libvirtxml.LibvirtDocument;
import dev.backplane.adapters.qemuargs.QemuArgs;
import dev.backplane.core.Backplane;
import dev.backplane.core.model.Plan;
import dev.backplane.core.port.in.PlanTopologyCommand;
import dev.backplane.core.port.out.TopologySink;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code backplane plan}: reads a libvirt domain, plans it, writes the addressed result. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Assigns addresses to every device of a libvirt domain and writes the result.")
final class PlanCommand implements Callable<Integer> {

  /** --qemu, --tables, --cache-dir: where machine knowledge comes from besides the plugins. */
  @Mixin
  @Inject
  KnowledgeOptions knowledge;

  enum Format {
    LIBVIRT("libvirt"), JSON("json"), QEMU_ARGS("qemu-args"), TREE("tree"), DOT("dot"), SVG("svg");

    private final String name;

    Format(String name) {
      this.name = name;
    }

    /** The spelling on the command line; picocli matches it. */
    @Override
    public String toString() {
      return name;
    }
  }

  @Option(names = "--format", defaultValue = "libvirt",
      paramLabel = "libvirt|json|qemu-args|tree|dot|svg",
      description = "Output: the addressed domain XML (default), the plan as JSON, QEMU "
          + "arguments (one per line), or a picture of the topology: a text tree, Graphviz DOT, "
          + "or SVG (needs Graphviz's dot).")
  Format format;

  @Option(names = "--stub-backends",
      description = "With --format qemu-args: also define null backends (block, net, chardev, "
          + "rng, audio, fsdev, memory) so the arguments start under qemu-system-x86_64 -S.")
  boolean stubBackends;

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE|-",
      description = "libvirt domain XML; - reads standard input.")
  String file;

  private final Provider<Backplane> backplane;
  private final JsonPlanSinks jsonSinks;
  private final InputStream stdin;
  private final PrintStream stdout;

  @Inject
  PlanCommand(Provider<Backplane> backplane, JsonPlanSinks jsonSinks,
      @CliComponent.Stdin InputStream stdin, @CliComponent.Stdout PrintStream stdout) {
    this.backplane = backplane;
    this.jsonSinks = jsonSinks;
    this.stdin = stdin;
    this.stdout = stdout;
  }

  @Override
  public Integer call() {
    if (stubBackends && format != Format.QEMU_ARGS) {
      throw new ParameterException(spec.commandLine(), "--stub-backends needs --format qemu-args");
    }
    LibvirtDocument document = DomainFiles.read(file, stdin);
    Plan plan = backplane.get().plan(new PlanTopologyCommand(document.domain()));
    TopologySink sink = switch (format) {
      case JSON -> jsonSinks.to(stdout);
      case QEMU_ARGS -> QemuArgs.sink(stdout,
          stubBackends ? QemuArgs.Options.STUB_BACKENDS : QemuArgs.Options.DEFAULT);
      case LIBVIRT -> document.sink(stdout);
      case TREE -> Diagrams.tree(stdout);
      case DOT -> Diagrams.dot(stdout);
      case SVG -> Diagrams.svg(stdout, Graphviz.locate());
    };
    try {
      sink.write(plan);
    } catch (GraphvizException e) {
      throw CliException.environment(e.getMessage(), e);
    } catch (IOException e) {
      throw CliException.environment("cannot write the plan: " + e.getMessage(), e);
    }
    stdout.flush();
    return ExitCodes.OK;
  }
}
