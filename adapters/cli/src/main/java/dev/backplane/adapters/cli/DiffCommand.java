package dev.backplane.adapters.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backplane.core.Backplane;
import dev.backplane.core.diff.PlanDiff;
import dev.backplane.core.model.Address;
import dev.backplane.core.model.Domain;
import dev.backplane.core.model.Plan;
import dev.backplane.core.port.in.PlanTopologyCommand;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code backplane diff}: what changes for the guest between two plans. */
@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {"Plans two domains (or one domain under two machine types) and reports devices "
        + "moved, added and removed, controllers added and removed, and machine-level changes.",
        "Exit 0 when the guest ABI is unchanged (nothing the guest had moved, went away or changed "
            + "model), 1 when it changed."})
final class DiffCommand implements Callable<Integer> {

  /** --qemu, --tables, --cache-dir: where machine knowledge comes from besides the plugins. */
  @Mixin
  KnowledgeOptions knowledge;

  enum Format { TEXT, JSON }

  @Parameters(index = "0", paramLabel = "OLD", description = "libvirt domain XML; - reads standard input.")
  String oldFile;

  @Parameters(index = "1", arity = "0..1", paramLabel = "NEW",
      description = "libvirt domain XML; leave out with --machine-from and --machine-to.")
  String newFile;

  @Option(names = "--machine-from", paramLabel = "MACHINE",
      description = "Plan OLD under this machine type first ...")
  String machineFrom;

  @Option(names = "--machine-to", paramLabel = "MACHINE",
      description = "... then under this one, and compare.")
  String machineTo;

  @Option(names = "--format", defaultValue = "text", paramLabel = "text|json",
      description = "Output format (default: ${DEFAULT-VALUE}).")
  Format format;

  @Spec
  CommandSpec spec;

  private final Provider<Backplane> backplane;
  private final ObjectMapper mapper;
  private final InputStream stdin;
  private final PrintStream stdout;
  private final PrintStream stderr;

  @Inject
  DiffCommand(KnowledgeOptions knowledge, Provider<Backplane> backplane, ObjectMapper mapper,
      @CliComponent.Stdin InputStream stdin, @CliComponent.Stdout PrintStream stdout,
      @CliComponent.Stderr PrintStream stderr) {
    this.knowledge = knowledge;
    this.backplane = backplane;
    this.mapper = mapper;
    this.stdin = stdin;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  @Override
  public Integer call() {
    boolean machines = machineFrom != null || machineTo != null;
    if (machines && (machineFrom == null || machineTo == null || newFile != null)) {
      throw new ParameterException(spec.commandLine(),
          "--machine-from and --machine-to go together, with one domain (OLD) and no NEW");
    }
    if (!machines && newFile == null) {
      throw new ParameterException(spec.commandLine(),
          "missing NEW: give two domains, or one with --machine-from and --machine-to");
    }
    Domain old = DomainFiles.read(oldFile, stdin).domain();
    Domain now = machines ? old : DomainFiles.read(newFile, stdin).domain();
    Plan before = plan(machines ? on(old, machineFrom) : old);
    Plan after = plan(machines ? on(now, machineTo) : now);
    PlanDiff.Result result = PlanDiff.compare(before, after);
    try {
      if (format == Format.JSON) {
        mapper.writeValue(stdout, DiffJson.of(result));
        stdout.println();
      } else {
        text(result);
      }
    } catch (IOException e) {
      throw CliException.environment("cannot write the diff: " + e.getMessage(), e);
    }
    stdout.flush();
    stderr.println("backplane: diff: guest ABI " + (result.abiUnchanged() ? "unchanged" : "changed")
        + " (" + before.machine().name() + " -> " + after.machine().name() + ")");
    return result.abiUnchanged() ? ExitCodes.OK : ExitCodes.INVALID_INPUT;
  }

  private Plan plan(Domain domain) {
    return backplane.get().plan(new PlanTopologyCommand(domain));
  }

  private static Domain on(Domain domain, String machine) {
    return new Domain(domain.arch(), machine, domain.devices(), domain.features());
  }

  private void text(PlanDiff.Result result) {
    if (!result.machineBefore().equals(result.machineAfter())) {
      stdout.println("machine " + result.machineBefore() + " -> " + result.machineAfter());
    }
    for (PlanDiff.MachineChange change : result.machine()) {
      String words = change.before() == null ? "added " + change.after()
          : change.after() == null ? "removed " + change.before()
          : change.before() + " -> " + change.after();
      stdout.println("machine " + change.field() + " " + words);
    }
    lines("controller", result.controllers());
    lines("device", result.devices());
  }

  private void lines(String noun, List<PlanDiff.DeviceChange> changes) {
    for (PlanDiff.DeviceChange change : changes) {
      String place = switch (change.change()) {
        case ADDED -> "at " + words(change.after());
        case REMOVED -> "was at " + words(change.before());
        case MOVED, MODEL_CHANGED -> words(change.before()) + " -> " + words(change.after());
      };
      stdout.println(noun + " " + change.change().name().toLowerCase(java.util.Locale.ROOT)
          .replace('_', ' ') + " " + change.id() + " (" + change.what() + ") " + place);
    }
  }

  private static String words(Address address) {
    if (address == null) {
      return "no address";
    }
    return address.type() + " " + address;
  }

  /** The JSON shape of a diff; addresses as in {@code plan --format json}. */
  record DiffJson(String machineBefore, String machineAfter, boolean abiUnchanged,
      List<PlanDiff.MachineChange> machine, List<ChangeJson> controllers, List<ChangeJson> devices) {
    static DiffJson of(PlanDiff.Result r) {
      return new DiffJson(r.machineBefore(), r.machineAfter(), r.abiUnchanged(), r.machine(),
          r.controllers().stream().map(ChangeJson::of).toList(),
          r.devices().stream().map(ChangeJson::of).toList());
    }
  }

  record ChangeJson(String change, String id, String what, Object before, Object after) {
    static ChangeJson of(PlanDiff.DeviceChange c) {
      return new ChangeJson(c.change().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
          c.id(), c.what(), PlanJson.addressOf(c.before()), PlanJson.addressOf(c.after()));
    }
  }
}
