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
 * {@code backplane remove DOMAIN ID...}: the domain without the devices of the QEMU ids given
 * ({@code net0}, {@code virtio-disk0}, {@code pci.3}: the ids {@code plan} gives, which libvirt
 * shows as each device's {@code <alias>}), as {@code virsh detach-device} would leave it: every
 * other device keeps its address ({@link Backplane#remove}). Refused (exit 1, naming why) when a
 * device left needs one removed, or the machine would add it again.
 */
@Command(
    name = "remove",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Hot-unplugs devices from a domain, named by their QEMU ids (net0, virtio-disk0, "
        + "as plan gives them): nothing else moves. Exit 1, naming why, when that is impossible.")
final class RemoveCommand implements Callable<Integer> {
  /** --qemu, --tables, --cache-dir: where machine knowledge comes from besides the plugins. */
  @Mixin
  KnowledgeOptions knowledge;

  /** --format, --stub-backends, --binary. */
  @Mixin
  HotplugOutput output = new HotplugOutput();

  @Parameters(index = "0", paramLabel = "DOMAIN",
      description = "libvirt domain XML, planned or not; - reads standard input.")
  String domainFile;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "ID",
      description = "the QEMU id of a device to remove, as plan --format json or qemu-args gives it.")
  List<String> ids;

  private final Provider<Backplane> backplane;
  private final Provider<JsonPlanSinks> jsonSinks;
  private final InputStream stdin;
  private final PrintStream stdout;

  @Inject
  RemoveCommand(KnowledgeOptions knowledge, Provider<Backplane> backplane,
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
    output.check(List.of(domainFile));
    LibvirtDocument document = DomainFiles.read(domainFile, stdin);
    Backplane engine = backplane.get();
    Plan plan = engine.plan(new PlanTopologyCommand(document.domain()));
    List<String> keys = new ArrayList<>();
    for (String id : ids) {
      Device device = plan.devices().stream().filter(d -> id.equals(d.qemuId())).findFirst()
          .orElseThrow(() -> CliException.invalidInput(DomainFiles.name(domainFile) + ": no device has"
              + " the QEMU id '" + id + "' (fix: use an id of plan --format json, such as "
              + idsOf(plan) + ")"));
      if (device.key() == null) {
        throw CliException.invalidInput(device.describe() + " (" + id + "): the planner adds this"
            + " device, so it cannot be removed (fix: remove what needs it, or write it in the domain)");
      }
      keys.add(device.key());
    }
    return output.write(document, engine.remove(plan, keys.toArray(String[]::new)), stdout, jsonSinks::get);
  }

  private static String idsOf(Plan plan) {
    List<String> some = plan.devices().stream().filter(d -> d.key() != null && d.qemuId() != null)
        .map(Device::qemuId).limit(4).toList();
    return String.join(", ", some);
  }

}
