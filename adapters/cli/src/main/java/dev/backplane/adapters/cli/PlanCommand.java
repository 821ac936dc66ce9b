package dev.backplane.adapters.cli;

import dev.backplane.adapters.diagram.Diagrams;
import dev.backplane.adapters.diagram.Graphviz;
import dev.backplane.adapters.libvirtxml.LibvirtDocument;
import dev.backplane.adapters.qemuargs.QemuArgs;
import dev.backplane.core.Backplane;
import dev.backplane.core.model.BudgetUse;
import dev.backplane.core.model.Plan;
import dev.backplane.core.plan.FirmwareBudgets;
import dev.backplane.core.port.in.PlanOptions;
import dev.backplane.core.port.in.PlanTopologyCommand;
import dev.backplane.core.port.out.TopologySink;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
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
  KnowledgeOptions knowledge;

  /** --os, --osinfo-db: the guest OS whose drivers choose the virtio models. */
  @Mixin
  GuestOsOptions guestOs;

  enum Format {
    LIBVIRT("libvirt", ".xml"), JSON("json", ".json"), QEMU_ARGS("qemu-args", ".args"),
    TREE("tree", ".tree"), DOT("dot", ".dot"), SVG("svg", ".svg");

    private final String name;
    /** The file name ending of a result written by --batch --output-dir. */
    private final String extension;

    Format(String name, String extension) {
      this.name = name;
      this.extension = extension;
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

  @Option(names = "--explain",
      description = "Say why each device was added and placed where it is, naming the rule of the "
          + "machine's data or of libvirt's policy: on stderr, or with --format json in each "
          + "device's \"explanation\".")
  boolean explain;

  @Option(names = "--stub-backends",
      description = "With --format qemu-args: also define null backends (block, net, chardev, "
          + "rng, audio, fsdev, memory) so the arguments start under qemu-system-x86_64 -S.")
  boolean stubBackends;

  @Option(names = "--binary",
      description = "With --format qemu-args: the first line is the QEMU binary "
          + "(qemu-system-ARCH, as the machine's plugin names it), so the lines run as they are.")
  boolean binary;

  @Option(names = "--firmware", paramLabel = "seabios|ovmf|aavmf|slof|none",
      description = "The guest firmware whose PCI budget (bus numbers, I/O windows) the plan must "
          + "fit; none checks nothing. Default: UEFI when the domain asks for it (<os "
          + "firmware='efi'>, an OVMF/AAVMF/edk2 <loader>), else the machine's default firmware.")
  String firmware;

  /** --policy, --hotplug-reserve. */
  @Mixin
  PlacementOptions placement;

  @Spec
  CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE|DIR|-",
      description = "libvirt domain XML; - reads standard input. With --batch: any number of "
          + "files, directories (their *.xml files, by name) and - (the file names on standard "
          + "input, one per line).")
  List<String> inputs;

  @Option(names = "--batch",
      description = "Plan many domains in one process, in parallel. With --format json and no "
          + "--output-dir: one JSON line per input on stdout, in input order; otherwise one file "
          + "per input in --output-dir. A bad domain is reported on stderr and the others go on; "
          + "exit 1 if any failed.")
  boolean batch;

  @Option(names = "--output-dir", paramLabel = "DIR",
      description = "With --batch: write each result to DIR, named after its input (NAME.xml "
          + "for libvirt, NAME.args for qemu-args, NAME.json for json).")
  Path outputDir;

  @Option(names = {"-0", "--null"},
      description = "With --batch -: the file names on standard input end with NUL, not newline "
          + "(find -print0).")
  boolean nullSeparated;

  @Option(names = "--capacity", paramLabel = "KIND:MODEL",
      description = "Instead of the plan, print how many more such devices can be hot-plugged "
          + "without moving anything, and where the next would go: KIND is the libvirt element "
          + "(interface, disk, controller...), MODEL the model as the device catalog names it "
          + "(interface:virtio, disk:virtio, controller:scsi/virtio-scsi). Repeatable.")
  List<String> capacity;

  @Option(names = "--jobs", paramLabel = "N",
      description = "With --batch: domains planned at once (default: the number of processors).")
  int jobs;

  private final Provider<Backplane> backplane;
  private final Provider<JsonPlanSinks> jsonSinks;
  private final InputStream stdin;
  private final PrintStream stdout;
  private final PrintStream stderr;

  @Inject
  PlanCommand(KnowledgeOptions knowledge, GuestOsOptions guestOs, PlacementOptions placement,
      Provider<Backplane> backplane, Provider<JsonPlanSinks> jsonSinks,
      @CliComponent.Stdin InputStream stdin, @CliComponent.Stdout PrintStream stdout,
      @CliComponent.Stderr PrintStream stderr) {
    this.knowledge = knowledge;
    this.guestOs = guestOs;
    this.placement = placement;
    this.backplane = backplane;
    this.jsonSinks = jsonSinks;
    this.stdin = stdin;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  @Override
  public Integer call() {
    if (stubBackends && format != Format.QEMU_ARGS) {
      throw new ParameterException(spec.commandLine(), "--stub-backends needs --format qemu-args");
    }
    if (binary && format != Format.QEMU_ARGS) {
      throw new ParameterException(spec.commandLine(), "--binary needs --format qemu-args");
    }
    if (firmware != null && !firmware.equals(FirmwareBudgets.NONE)
        && !FirmwareBudgets.FIRMWARES.contains(firmware)) {
      throw new ParameterException(spec.commandLine(),
          "--firmware " + firmware + ": use seabios, ovmf, aavmf, slof or none");
    }
    PlanOptions options = placement.planOptions(spec.commandLine(), firmware, false);
    if (batch) {
      if (capacity != null) {
        throw new ParameterException(spec.commandLine(), "--capacity plans one FILE: drop --batch");
      }
      return batch(options);
    }
    if (outputDir != null || nullSeparated || jobs != 0) {
      throw new ParameterException(spec.commandLine(), "--output-dir, --null and --jobs need --batch");
    }
    if (inputs.size() != 1) {
      throw new ParameterException(spec.commandLine(),
          "plan takes one FILE (" + inputs.size() + " given); use --batch to plan several");
    }
    if (capacity != null && (explain || format != Format.LIBVIRT)) {
      throw new ParameterException(spec.commandLine(), "--capacity prints its own lines: drop --format and --explain");
    }
    LibvirtDocument document = DomainFiles.read(inputs.get(0), stdin);
    Plan plan = backplane.get().plan(new PlanTopologyCommand(guestOs.domainFor(document, explain),
        explain, options.withFirmware(firmware, document.wantsEfi())));
    if (capacity != null) {
      // every line first: a --capacity refused as a usage error leaves no lines on stdout
      List<String> lines = new ArrayList<>();
      for (String wanted : capacity) {
        lines.add(CapacityLine.of(backplane.get(), plan, wanted, spec.commandLine()));
      }
      lines.forEach(stdout::println);
      stdout.flush();
      return ExitCodes.OK;
    }
    Optional<BudgetUse> budget = FirmwareCheck.check(document, plan, firmware, stderr);
    CliException.writing("the plan", () -> {
      sink(document, stdout, budget.orElse(null)).write(plan);
      if (explain && format != Format.JSON) {
        ExplanationText.write(plan, stderr);
        budget.ifPresent(use -> stderr.println(FirmwareCheck.explain(use)));
      }
    });
    stdout.flush();
    return ExitCodes.OK;
  }

  private int batch(PlanOptions options) {
    if (outputDir == null && format != Format.JSON) {
      throw new ParameterException(spec.commandLine(),
          "--batch writes " + format + " into files: give --output-dir DIR (or use --format json)");
    }
    if (explain && format != Format.JSON) {
      throw new ParameterException(spec.commandLine(),
          "--batch --explain writes explanations into JSON only: use --format json");
    }
    if (jobs < 0) {
      throw new ParameterException(spec.commandLine(), "--jobs must be at least 1");
    }
    List<String> files;
    try {
      files = BatchInputs.expand(inputs, stdin, nullSeparated);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    BatchPlan.Output output = outputDir != null
        ? BatchPlan.Output.files(outputDir, format.extension)
        : BatchPlan.Output.jsonLines(stdout, jsonSinks.get());
    try {
      output.checkTargets(files);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    Backplane engine = backplane.get();
    int parallelism = jobs > 0 ? jobs : Runtime.getRuntime().availableProcessors();
    ProgressBar progress = Terminal.stderrIsTerminal() ? new ProgressBar(stderr, files.size()) : null;
    return new BatchPlan(engine, document -> guestOs.domainFor(document, explain), this::sink,
        output, stderr, progress, parallelism, explain, options).run(files);
  }

  /** Where the plan of {@code document} goes in the chosen format; JSON carries the budget's use. */
  private TopologySink sink(LibvirtDocument document, OutputStream out, BudgetUse use) {
    return sink(format, document, out, use, jsonSinks::get, stubBackends, binary);
  }

  /**
   * The sink of {@code format}; shared by {@code plan}, {@code add} and {@code remove}. The JSON
   * mapper is made only for JSON: it is a fifth of a cold plan's classes.
   */
  static TopologySink sink(Format format, LibvirtDocument document, OutputStream out, BudgetUse use,
      Supplier<JsonPlanSinks> jsonSinks, boolean stubBackends, boolean binary) {
    return switch (format) {
      case JSON -> jsonSinks.get().to(out, use);
      case QEMU_ARGS -> {
        QemuArgs.Options options = stubBackends ? QemuArgs.Options.STUB_BACKENDS : QemuArgs.Options.DEFAULT;
        yield QemuArgs.sink(out, binary ? options.withBinary() : options);
      }
      case LIBVIRT -> document.sink(out);
      case TREE -> Diagrams.tree(out);
      case DOT -> Diagrams.dot(out);
      case SVG -> Diagrams.svg(out, Graphviz.locate());
    };
  }
}
