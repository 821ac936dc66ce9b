package dev.backplane.adapters.cli;

import dev.backplane.adapters.libvirtxml.LibvirtDocument;
import dev.backplane.core.Backplane;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.Plan;
import dev.backplane.core.port.in.PlanTopologyCommand;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

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
  KnowledgeOptions knowledge;

  /** --format, --stub-backends, --binary. */
  @Mixin
  HotplugOutput output = new HotplugOutput();

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
  AddCommand(KnowledgeOptions knowledge, Provider<Backplane> backplane,
      Provider<JsonPlanSinks> jsonSinks, @CliComponent.Stdin InputStream stdin,
      @CliComponent.Stdout PrintStream stdout) {
    this.knowledge = knowledge;
    this.backplane = backplane;
    this.jsonSinks = jsonSinks;
    this.stdin = stdin;
    this.stdout = stdout;
  }

  @Override
  public Integer call() {
    List<String> files = new ArrayList<>(deviceFiles);
    files.add(domainFile);
    output.check(files);
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
    return output.write(withDevices, engine.add(plan, added), stdout, jsonSinks::get);
  }

}
