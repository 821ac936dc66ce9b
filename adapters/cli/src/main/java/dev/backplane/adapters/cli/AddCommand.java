package dev.backplane.adapters.cli;

import dev.backplane.adapters.diagram.GraphvizException;
import dev.backplane.adapters.libvirtxml.LibvirtDocument;
import dev.backplane.core.Backplane;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.Plan;
import dev.backplane.core.port.in.PlanTopologyCommand;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code backplane add DOMAIN DEVICE...}: the domain with the devices hot-plugged, as
 * {@code virsh attach-device} would add them to the running domain: every device of the planned
 * domain keeps its address, and each new one goes where libvirt would put it ({@link
 * Backplane#add}). Refused (exit 1, naming why) when that needs a move or a new controller.
 */
@Command(
    name = "add",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Hot-plugs devices into a domain: nothing planned moves, the new devices go where "
        + "libvirt would put them. Exit 1, naming why, when that is impossible.")
final class AddCommand implements Callable<Integer> {
  /** --qemu, --tables, --cache-dir: where machine knowledge comes from besides the plugins. */
  @Mixin
  @Inject
  KnowledgeOptions knowledge;

  @Option(names = "--format", defaultValue = "libvirt",
      paramLabel = "libvirt|json|qemu-args|tree|dot|svg",
      description = "Output, as for plan: the domain XML (default), JSON, QEMU arguments, or a picture.")
  PlanCommand.Format format;

  @Option(names = "--stub-backends", description = "With --format qemu-args: also define null backends.")
  boolean stubBackends;

  @Option(names = "--binary", description = "With --format qemu-args: the QEMU binary first.")
  boolean binary;

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DOMAIN",
      description = "libvirt domain XML, planned or not; - reads standard input.")
  String domainFile;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "DEVICE",
      description = "device XML as virsh attach-device takes it: one device element (<interface>, "
          + "<disk>, ...) or <devices> holding several; - reads standard input.")
  List<String> deviceFiles;

  private final Provider<Backplane> backplane;
  private final Provider<JsonPlanSinks> jsonSinks;
  private final InputStream stdin;
  private final PrintStream stdout;

  @Inject
  AddCommand(Provider<Backplane> backplane, Provider<JsonPlanSinks> jsonSinks,
      @CliComponent.Stdin InputStream stdin, @CliComponent.Stdout PrintStream stdout) {
    this.backplane = backplane;
    this.jsonSinks = jsonSinks;
    this.stdin = stdin;
    this.stdout = stdout;
  }

  @Override
  public Integer call() {
    List<String> files = new ArrayList<>(deviceFiles);
    files.add(domainFile);
    checkOptions(files);
    LibvirtDocument document = DomainFiles.read(domainFile, stdin);
    Backplane engine = backplane.get();
    Plan plan = engine.plan(new PlanTopologyCommand(document.domain()));
    LibvirtDocument withDevices = document;
    for (String file : deviceFiles) {
      withDevices = withDevices.withDevices(DomainFiles.bytes(file, stdin), DomainFiles.name(file));
    }
    Set<String> planned = new HashSet<>();
    document.domain().devices().forEach(d -> planned.add(d.key()));
    Device[] added = withDevices.domain().devices().stream()
        .filter(d -> !planned.contains(d.key())).toArray(Device[]::new);
    return write(withDevices, engine.add(plan, added));
  }

  private void checkOptions(List<String> files) {
    if ((stubBackends || binary) && format != PlanCommand.Format.QEMU_ARGS) {
      throw new ParameterException(spec.commandLine(), "--stub-backends and --binary need --format qemu-args");
    }
    if (files.stream().filter("-"::equals).count() > 1) {
      throw new ParameterException(spec.commandLine(), "standard input (-) can be read once");
    }
  }

  private int write(LibvirtDocument document, Plan plan) {
    try {
      PlanCommand.sink(format, document, stdout, null, jsonSinks::get, stubBackends, binary).write(plan);
    } catch (GraphvizException e) {
      throw CliException.environment(e.getMessage(), e);
    } catch (IOException e) {
      throw CliException.environment("cannot write the plan: " + e.getMessage(), e);
    }
    stdout.flush();
    return ExitCodes.OK;
  }
}
