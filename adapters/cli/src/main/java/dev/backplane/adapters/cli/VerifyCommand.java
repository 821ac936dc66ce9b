package dev.backplane.adapters.cli;

import dev.backplane.adapters.cli.PlacementCheck.Placement;
import dev.backplane.adapters.cli.PlacementCheck.Status;
import dev.backplane.adapters.libvirtxml.LibvirtDocument;
import dev.backplane.adapters.qemuargs.QemuArgs;
import dev.backplane.adapters.qmp.QemuDeviceTree;
import dev.backplane.adapters.qmp.QemuInstance;
import dev.backplane.adapters.qmp.QemuLaunch;
import dev.backplane.adapters.qmp.Qmp;
import dev.backplane.adapters.qmp.QmpException;
import dev.backplane.core.Backplane;
import dev.backplane.core.model.Plan;
import dev.backplane.core.port.in.PlanTopologyCommand;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Parameters;

/**
 * {@code backplane verify}: plans a domain, starts QEMU paused with the plan's arguments (null
 * backends), and checks in {@code info qtree} that QEMU put every device where the plan did. Before
 * firmware runs, {@code query-pci} shows no devices behind bridges, so the device tree is read
 * instead.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Plans a libvirt domain, starts QEMU paused with the plan (null backends), and checks "
            + "that QEMU put every PCI, USB, disk and virtio-serial device where the plan did.",
        "Prints one line per device on stdout: 'ok ID BUS ADDR', 'MOVED ID planned BUS ADDR, QEMU "
            + "BUS ADDR' or 'MISSING ID planned BUS ADDR'; a summary goes to stderr."},
    footerHeading = "%nExit codes:%n",
    footer = {
        "  0  every device is where the plan put it",
        "  1  a device is elsewhere or missing, or the domain is invalid",
        "  2  usage",
        "  3  QEMU is missing or does not start (its own message is shown)"})
final class VerifyCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "FILE|-",
      description = "libvirt domain XML; - reads standard input.")
  String file;

  /** --os, --osinfo-db: the guest OS whose drivers choose the virtio models. */
  @Mixin
  GuestOsOptions guestOs;

  /** --policy, --hotplug-reserve: the plan to check. */
  @Mixin
  PlacementOptions placement;

  @Spec
  CommandSpec spec;

  @Option(names = "--qemu", paramLabel = "BINARY", converter = QemuBinaryConverter.class,
      description = "The QEMU binary (a name on PATH or a path); default: the binary the machine "
          + "plugin names for the machine type, else qemu-system-ARCH.")
  String qemu;

  /** Start-up and monitor time allowed per planned device, beyond QMP's defaults. */
  private static final Duration PER_DEVICE = Duration.ofMillis(100);

  private final Provider<Backplane> backplane;
  private final InputStream stdin;
  private final PrintStream stdout;
  private final PrintStream stderr;

  @Inject
  VerifyCommand(GuestOsOptions guestOs, PlacementOptions placement, Provider<Backplane> backplane,
      @CliComponent.Stdin InputStream stdin, @CliComponent.Stdout PrintStream stdout,
      @CliComponent.Stderr PrintStream stderr) {
    this.guestOs = guestOs;
    this.placement = placement;
    this.backplane = backplane;
    this.stdin = stdin;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  @Override
  public Integer call() {
    LibvirtDocument document = DomainFiles.read(file, stdin);
    Plan plan = backplane.get().plan(new PlanTopologyCommand(guestOs.domainFor(document, false),
        false, placement.planOptions(spec.commandLine(), null, document.wantsEfi())));
    List<String> arguments = QemuArgs.arguments(plan, QemuArgs.Options.STUB_BACKENDS);
    String binary = qemu != null ? qemu
        : plan.machine().qemuBinary().orElseGet(() -> QemuArgs.binary(plan.machine()));
    String qtree;
    String version;
    // QEMU's start-up grows faster than linearly with devices (1,000 NICs: 20-40 s under TCG here)
    Duration perDevice = PER_DEVICE.multipliedBy(plan.devices().size());
    QemuLaunch launch = QemuLaunch.builder(binary).arguments(arguments)
        .startTimeout(QemuLaunch.DEFAULT_START_TIMEOUT.plus(perDevice))
        .commandTimeout(QemuLaunch.DEFAULT_COMMAND_TIMEOUT.plus(perDevice)).build();
    try (QemuInstance instance = Qmp.start(launch)) {
      qtree = instance.humanMonitorCommand("info qtree");
      version = instance.qemuVersion();
    } catch (QmpException e) {
      throw CliException.environment(e.getMessage(), e);
    }
    QemuDeviceTree tree;
    try {
      tree = QemuDeviceTree.parse(qtree);
    } catch (IllegalArgumentException e) {
      throw CliException.environment(binary + " " + version + " answered 'info qtree' with text that is"
          + " not a device tree: " + e.getMessage(), e);
    }
    List<Placement> placements = PlacementCheck.compare(plan, tree);
    placements.forEach(p -> stdout.println(p.line()));
    stdout.flush();
    long wrong = placements.stream().filter(p -> p.status() != Status.OK).count();
    String qemuName = binary + " " + version;
    if (placements.isEmpty()) {
      stderr.println("backplane: verify: no device has a PCI, USB, CCW, spapr-vio, disk or virtio-serial address to "
          + "check (" + qemuName + ", " + plan.machine().name() + ")");
      return ExitCodes.OK;
    }
    if (wrong == 0) {
      stderr.println("backplane: verify: all " + placements.size() + " devices are where the plan put "
          + "them (" + qemuName + ", " + plan.machine().name() + ")");
      return ExitCodes.OK;
    }
    stderr.println("backplane: verify: " + wrong + " of " + placements.size() + " devices are not where "
        + "the plan put them (" + qemuName + ", " + plan.machine().name() + ")");
    return ExitCodes.INVALID_INPUT;
  }
}
