package dev.backplane.core;

import dev.backplane.spi.Stable;
import dev.backplane.core.machine.PluginCapabilitySource;
import dev.backplane.core.model.Capacity;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.Domain;
import dev.backplane.core.model.MachineOptionException;
import dev.backplane.core.model.UnknownMachineException;
import dev.backplane.core.model.Plan;
import dev.backplane.core.model.PlanChangeException;
import dev.backplane.core.plan.Planner;
import dev.backplane.core.port.in.DescribeMachineCommand;
import dev.backplane.core.port.in.DescribeMachineUseCase;
import dev.backplane.core.port.in.ListMachinesUseCase;
import dev.backplane.core.port.in.PlanTopologyCommand;
import dev.backplane.core.port.in.PlanTopologyUseCase;
import dev.backplane.core.port.out.CapabilitySource;
import dev.backplane.spi.Experimental;
import dev.backplane.spi.MachineDescription;
import dev.backplane.spi.MachineRequest;
import dev.backplane.spi.MachineType;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The embeddable engine: plans domains and describes machines from one {@link CapabilitySource}.
 *
 * <pre>{@code
 * Backplane backplane = Backplane.builder().build();            // plugins on the class path
 * Plan plan = backplane.plan(new PlanTopologyCommand(domain));
 * // experimental: a dense PCI Express topology, four spare ports, within OVMF's budget
 * Plan dense = backplane.plan(new PlanTopologyCommand(domain, false, PlanOptions.DEFAULT
 *     .withPolicy(PlacementPolicy.DENSE_1).withHotplugReserve(4).withFirmware("ovmf", true)));
 * }</pre>
 *
 * <p><b>Thread safety.</b> A {@code Backplane} is immutable and safe for use from many threads at
 * once, provided its capability source is (the built-in ones are): build one and share it. Every
 * call plans with its own state, and equal inputs give equal plans whatever else runs at the same
 * time. Its inputs and results ({@link Domain}, {@link Plan}, devices) are immutable values.
 *
 * <p><b>Failures.</b> Every failure it reports on purpose is a
 * {@link dev.backplane.core.model.BackplaneException}: an
 * {@link dev.backplane.core.model.InvalidDomainException} for wrong input, an
 * {@link dev.backplane.core.model.EnvironmentException} for plugins that cannot be loaded.
 */
@Stable
public final class Backplane implements PlanTopologyUseCase, DescribeMachineUseCase, ListMachinesUseCase {
  /** The architecture assumed when a domain names none, as libvirt does on an x86 host. */
  public static final String DEFAULT_ARCH = "x86_64";

  private final CapabilitySource source;

  /**
   * An engine over {@code source}.
   *
   * @param source where machine descriptions come from
   */
  public Backplane(CapabilitySource source) {
    this.source = Objects.requireNonNull(source, "source");
  }

  /**
   * {@return a builder; without settings it loads the plugins of the thread's context class loader}
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Plan plan(PlanTopologyCommand command) {
    Domain domain = command.domain();
    String arch = domain.arch() == null ? DEFAULT_ARCH : domain.arch();
    MachineDescription machine = machineFor(arch, domain.machine());
    return new Planner(machine).plan(domain, command.explain(), command.options());
  }

  /**
   * {@return {@code plan} with {@code devices} hot-plugged: every device of the plan keeps its address (and
   * QEMU id), and each new device goes where the planner would put it among them} The new devices
   * are written as for {@link #plan} (an address of their own, or none to have one chosen).
   *
   * @param plan a plan made by this engine
   * @param devices the devices to add, each with an address of its own or none
   * @throws PlanChangeException when a device of the plan would move, when a new device needs a
   *     PCI controller the plan lacks (controllers are not hot-plugged) or lands on a bus that
   *     takes no hot-plugged device (a PCIe root bus, a root port with {@code hotplug='off'}), or
   *     when the domain with them breaks a rule
   */
  @Experimental(since = "2026-11-30")
  public Plan add(Plan plan, Device... devices) {
    return PlanChanges.add(Objects.requireNonNull(plan, "plan"), List.of(devices));
  }

  /**
   * {@return {@code plan} without the devices of {@code keys} ({@link Device#key()}): every other device
   * keeps its address and QEMU id}
   *
   * @param plan a plan made by this engine
   * @param keys the keys of the devices to remove ({@link Device#key()})
   * @throws PlanChangeException when a key names no device of the plan, when a device left would
   *     move or needs what is removed (a controller in use), or when the machine would add the
   *     device again (a default such as the memballoon)
   */
  @Experimental(since = "2026-11-30")
  public Plan remove(Plan plan, String... keys) {
    return PlanChanges.remove(Objects.requireNonNull(plan, "plan"), List.of(keys));
  }

  /**
   * {@return how many more devices of {@code kind} and {@code model} can be hot-plugged into {@code plan}
   * one after another with {@link #add} (nothing moves), and where the first would go}
   * {@code model} is the device's catalog key ({@link Device#catalogKey()}): the model for most
   * kinds ({@code virtio} for an interface), {@code TYPE[/MODEL]} for a controller
   * ({@code scsi/virtio-scsi}), {@code BUS[/DEVICE]} for a disk ({@code virtio}, a disk),
   * {@code BUS/TYPE} for an input.
   *
   * @param plan a plan made by this engine
   * @param kind the kind of device
   * @param model the model as the device catalog names it ({@code virtio}, {@code scsi/virtio-scsi}, {@code usb/tablet})
   * @throws IllegalArgumentException when {@code model} cannot be read for {@code kind}
   */
  @Experimental(since = "2026-11-30")
  public Capacity capacity(Plan plan, DeviceKind kind, String model) {
    return PlanChanges.capacity(Objects.requireNonNull(plan, "plan"), kind, model);
  }

  @Override
  public MachineDescription describe(DescribeMachineCommand command) {
    MachineRequest request = command.request();
    Optional<MachineDescription> described;
    try {
      described = source.describe(request);
    } catch (IllegalArgumentException e) { // a source other than the plugins refused an option
      throw MachineOptionException.refused(request, null, e);
    }
    return described.orElseThrow(() -> unknownMachine(request));
  }

  @Override
  public List<MachineType> machineTypes(String arch) {
    return source.machineTypes().stream()
        .filter(t -> arch == null || t.arch().equals(arch))
        .toList();
  }

  private MachineDescription machineFor(String arch, String machine) {
    String name = machine;
    if (name == null || name.isBlank()) {
      name = machineTypes(arch).stream().filter(MachineType::isDefault).map(MachineType::name)
          .findFirst()
          .orElseThrow(() -> new UnknownMachineException("<os><type arch='" + arch + "'>",
              "no machine type is given and architecture " + arch + " has no default one",
              "add machine='...' to <type>", arch, null, knownNames(arch)));
    }
    return describe(DescribeMachineCommand.of(arch, name));
  }

  private UnknownMachineException unknownMachine(MachineRequest request) {
    List<String> known = knownNames(request.arch());
    return new UnknownMachineException(
        "<os><type arch='" + request.arch() + "' machine='" + request.name() + "'>",
        known.isEmpty()
            ? "no machine types are known for architecture " + request.arch()
            : "machine type " + request.name() + " is not known for " + request.arch(),
        known.isEmpty()
            ? "use an architecture that has machine types"
            : "use one of " + String.join(", ", known.subList(0, Math.min(12, known.size())))
                + (known.size() > 12 ? ", ..." : ""),
        request.arch(), request.name(), known);
  }

  /** Every name and alias of {@code arch}'s machine types, aliases first, as listed. */
  private List<String> knownNames(String arch) {
    return machineTypes(arch).stream()
        .flatMap(t -> Stream.concat(t.aliases().stream(), Stream.of(t.name())))
        .toList();
  }

  /**
   * Builds a {@link Backplane}. Without a capability source, the machine plugins that
   * {@link java.util.ServiceLoader} finds with the class loader are used: Backplane's own loader
   * unless {@link #classLoader} names another (an application server's, a plugin directory's).
   */
  public static final class Builder {
    private CapabilitySource source;
    private ClassLoader loader;

    private Builder() {}

    /**
     * Sets where machine knowledge comes from; replaces the plugins of {@link #classLoader}.
     *
     * @param source where machine descriptions come from
     * @return this builder
     */
    public Builder capabilitySource(CapabilitySource source) {
      this.source = Objects.requireNonNull(source, "source");
      return this;
    }

    /**
     * Sets the class loader to find machine plugins with ({@link PluginCapabilitySource#load}).
     *
     * @param loader the class loader
     * @return this builder
     */
    public Builder classLoader(ClassLoader loader) {
      this.loader = Objects.requireNonNull(loader, "loader");
      return this;
    }

    /**
     * {@return the engine}
     *
     * @throws dev.backplane.core.machine.PluginLoadException when the plugins cannot be loaded
     * @throws IllegalStateException when both a capability source and a class loader were given
     */
    public Backplane build() {
      if (source != null && loader != null) {
        throw new IllegalStateException("give a capability source or a class loader, not both");
      }
      if (source != null) {
        return new Backplane(source);
      }
      return new Backplane(loader != null
          ? PluginCapabilitySource.load(loader) : PluginCapabilitySource.fromClassPath());
    }
  }
}
