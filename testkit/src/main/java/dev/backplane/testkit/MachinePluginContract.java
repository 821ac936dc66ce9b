package dev.backplane.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.backplane.spi.ImplicitDevice;
import dev.backplane.spi.MachineDescription;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.MachineRequest;
import dev.backplane.spi.MachineType;
import dev.backplane.spi.PreferredSlot;
import dev.backplane.spi.RootBus;
import dev.backplane.spi.SlotReservation;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.stream.Stream;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.backplane.core.Backplane;
import dev.backplane.core.machine.CapabilitySources;
import dev.backplane.core.machine.PluginCapabilitySource;
import dev.backplane.core.port.out.CapabilitySource;
import dev.backplane.spi.DeviceCatalog;
import dev.backplane.spi.DeviceModel;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.Domain;
import dev.backplane.core.model.InvalidDomainException;
import dev.backplane.core.model.Plan;
import dev.backplane.core.port.in.PlanTopologyCommand;
import dev.backplane.spi.DeviceDefaults;
import dev.backplane.spi.VirtioTransport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * What every {@link MachinePlugin} must do. A machine module extends this class once per plugin,
 * supplies the plugin with {@link #plugin()}, and declares what the plugin supports with
 * {@link #hasBehavior(Behavior)}, or per machine type with
 * {@link #hasBehavior(Behavior, MachineType)} when its machines differ; a declared behaviour is
 * checked, and so is its absence (a plugin that says it has no PCI root must not describe one).
 *
 * <pre>{@code
 * class Q35MachinePluginContractTest extends MachinePluginContract {
 *   protected MachinePlugin plugin() { return new Q35MachinePlugin(); }
 *   protected boolean hasBehavior(Behavior b) { return b == Behavior.PCI_ROOT || b == Behavior.PCIE_ROOT; }
 *   protected Set<String> machineOptions() { return Set.of("sata", "smbus"); }
 * }
 * }</pre>
 *
 * <p>Every check runs on every machine type the plugin lists.
 */
public abstract class MachinePluginContract {

  /** A machine name no plugin may claim. */
  protected static final String UNKNOWN_MACHINE = "backplane-contract-no-such-machine";

  /** A machine option no plugin may accept. */
  protected static final String UNKNOWN_OPTION = "backplane-contract-no-such-option";

  /** Capabilities a plugin declares; see {@link #hasBehavior}. */
  public enum Behavior {
    /** Its machines have a PCI root bus (conventional or Express). */
    PCI_ROOT,
    /** Its machines' PCI root is PCI Express ({@code pcie-root}); implies {@link #PCI_ROOT}. */
    PCIE_ROOT
  }

  /** The plugin under test; may return a new instance on each call. */
  protected abstract MachinePlugin plugin();

  /** Whether the plugin's machines have the behaviour; none by default. */
  protected boolean hasBehavior(Behavior behavior) {
    return false;
  }

  /**
   * Whether one machine type has the behaviour, for plugins whose machines differ (a plugin of
   * boards with and without PCI); {@link #hasBehavior(Behavior)} by default.
   */
  protected boolean hasBehavior(Behavior behavior, MachineType type) {
    return hasBehavior(behavior);
  }

  /** Boolean machine options ({@code sata} of {@code -machine q35,sata=off}) every type takes. */
  protected Set<String> machineOptions() {
    return Set.of();
  }

  // ---- identity ----

  @Test
  public void idIsLowerCaseAndNotBlank() {
    String id = plugin().id();
    assertNotNull(id, "id()");
    assertFalse(id.isBlank(), "id() must not be blank");
    assertEquals(id.toLowerCase(Locale.ROOT), id, "id() must be lower-case");
    assertTrue(id.chars().noneMatch(Character::isWhitespace), "id() must not contain spaces: " + id);
  }

  @Test
  public void idIsStableAcrossCallsAndInstances() {
    MachinePlugin plugin = plugin();
    assertEquals(plugin.id(), plugin.id(), "id() changed between two calls");
    assertEquals(plugin.id(), plugin().id(), "id() differs between two instances");
  }

  // ---- catalogue ----

  @Test
  public void listsAtLeastOneMachineType() {
    assertFalse(plugin().machineTypes().isEmpty(), plugin().id() + ": machineTypes() is empty");
  }

  @Test
  public void namesAndAliasesAreUniquePerArch() {
    Map<String, String> owners = new HashMap<>();
    for (MachineType type : types()) {
      for (String name : namesOf(type)) {
        String previous = owners.put(type.arch() + "/" + name, type.name());
        if (previous != null) {
          fail(plugin().id() + ": " + type.arch() + " name '" + name + "' is claimed by "
              + previous + " and " + type.name());
        }
      }
    }
  }

  @Test
  public void everyAliasDescribesItsCanonicalType() {
    MachinePlugin plugin = plugin();
    for (MachineType type : types()) {
      for (String alias : type.aliases()) {
        MachineDescription description = plugin.describe(MachineRequest.of(type.arch(), alias));
        assertEquals(type.name(), description.name(),
            plugin.id() + ": alias '" + alias + "' must describe the canonical name");
      }
    }
  }

  // ---- handles ----

  @Test
  public void handlesEveryListedNameAndAlias() {
    MachinePlugin plugin = plugin();
    for (MachineType type : types()) {
      for (String name : namesOf(type)) {
        assertTrue(plugin.handles(MachineRequest.of(type.arch(), name)),
            plugin.id() + " must handle " + type.arch() + " '" + name + "'");
      }
    }
  }

  @Test
  public void doesNotHandleAnUnknownName() {
    MachinePlugin plugin = plugin();
    for (String arch : arches()) {
      assertFalse(plugin.handles(MachineRequest.of(arch, UNKNOWN_MACHINE)),
          plugin.id() + " must not handle " + arch + " '" + UNKNOWN_MACHINE + "'");
    }
  }

  @Test
  public void doesNotHandleItsNamesForAnotherArch() {
    MachinePlugin plugin = plugin();
    for (MachineType type : types()) {
      assertFalse(plugin.handles(MachineRequest.of("backplane-contract-arch", type.name())),
          plugin.id() + " must not handle '" + type.name() + "' for an architecture it does not list");
    }
  }

  // ---- describe ----

  @Test
  public void describeReturnsTheCanonicalName() {
    for (MachineType type : types()) {
      assertEquals(type.name(), describe(type).name(), plugin().id() + ": describe(" + type.name() + ")");
    }
  }

  @Test
  public void describeReturnsAnEqualDescriptionEachTime() {
    MachinePlugin plugin = plugin();
    for (MachineType type : types()) {
      MachineRequest request = MachineRequest.of(type.arch(), type.name());
      MachineDescription first = plugin.describe(request);
      MachineDescription second = plugin.describe(request);
      assertEquals(first, second, plugin.id() + ": two describe(" + type.name() + ") differ");
      assertEquals(first.hashCode(), second.hashCode(), plugin.id() + ": hashCode of " + type.name());
    }
  }

  @Test
  public void describeKeepsTheRequestedArch() {
    for (MachineType type : types()) {
      assertEquals(type.arch(), describe(type).arch(), plugin().id() + ": arch of " + type.name());
    }
  }

  // ---- implicit devices, reservations, preferred slots ----

  @Test
  public void implicitPciDevicesSitOnAPciRootBusInsideItsSlots() {
    for (MachineType type : types()) {
      MachineDescription d = describe(type);
      for (ImplicitDevice device : d.implicitDevices()) {
        if (!device.hasPciAddress()) {
          continue;
        }
        RootBus bus = d.rootBuses().stream().filter(b -> b.name().equals(device.bus())).findFirst()
            .orElseThrow(() -> new AssertionError(type.name() + ": implicit " + device.qemuType()
                + " sits on " + device.bus() + ", which is not a root bus"));
        assertTrue(bus.kind().isPci(), type.name() + ": implicit " + device.qemuType()
            + " has a PCI address on non-PCI bus " + bus.name());
        int slot = device.slot().getAsInt();
        int function = device.function().getAsInt();
        assertTrue(slot >= 0 && slot <= 31 && function >= 0 && function <= 7,
            type.name() + ": implicit " + device.qemuType() + " at " + slot + "." + function);
      }
    }
  }

  @Test
  public void implicitDevicesShareNoPciFunction() {
    for (MachineType type : types()) {
      Set<String> taken = new HashSet<>();
      for (ImplicitDevice device : describe(type).implicitDevices()) {
        if (device.hasPciAddress()) {
          assertTrue(taken.add(function(device)),
              type.name() + ": two implicit devices at " + function(device));
        }
      }
    }
  }

  @Test
  public void reservationsAvoidImplicitDevicesAndEachOther() {
    for (MachineType type : types()) {
      MachineDescription d = describe(type);
      Set<String> taken = implicitFunctionsOnRoot(d);
      for (SlotReservation r : d.reservations()) {
        String at = rootName(d) + "/" + r.slot() + "." + r.function();
        assertTrue(taken.add(at), type.name() + ": reservation '" + r.reason() + "' at " + at
            + " collides with an implicit device or another reservation");
      }
    }
  }

  @Test
  public void preferredSlotsAreFreeRootSlots() {
    for (MachineType type : types()) {
      MachineDescription d = describe(type);
      if (d.preferredSlots().isEmpty()) {
        continue;
      }
      RootBus root = d.pciRoot().orElseThrow(() -> new AssertionError(
          type.name() + ": preferredSlots need a PCI root bus"));
      Set<Integer> busy = new HashSet<>();
      d.implicitDevices().stream().filter(i -> i.hasPciAddress() && i.bus().equals(root.name()))
          .forEach(i -> busy.add(i.slot().getAsInt()));
      d.reservations().forEach(r -> busy.add(r.slot()));
      for (PreferredSlot p : d.preferredSlots()) {
        for (int slot : p.slots()) {
          assertFalse(busy.contains(slot), type.name() + ": preferred slot " + slot + " of "
              + p.role().label() + " is taken by an implicit device or a reservation");
          assertTrue(slot >= root.firstSlot() && slot <= root.lastSlot(), type.name()
              + ": preferred slot " + slot + " of " + p.role().label() + " is outside " + root.name());
        }
      }
    }
  }

  // ---- PCI root ----

  @Test
  public void pciRootMatchesTheDeclaredBehaviour() {
    for (MachineType type : types()) {
      boolean pci = hasBehavior(Behavior.PCI_ROOT, type) || hasBehavior(Behavior.PCIE_ROOT, type);
      MachineDescription d = describe(type);
      assertEquals(pci, d.pciRoot().isPresent(), type.name() + ": PCI root present");
      d.pciRoot().ifPresent(root -> assertEquals(hasBehavior(Behavior.PCIE_ROOT, type),
          root.controllerModel().orElseThrow().equals("pcie-root"),
          type.name() + ": root " + root.name() + " is " + root.controllerModel().orElseThrow()));
    }
  }

  @Test
  public void pciRootModelIsAnAllowedPciControllerModel() {
    for (MachineType type : types()) {
      MachineDescription d = describe(type);
      d.pciRoot().ifPresent(root -> assertTrue(
          d.pciControllerModels().contains(root.controllerModel().orElseThrow()),
          type.name() + ": pciControllerModels " + d.pciControllerModels()
              + " must list the root's model " + root.controllerModel().orElseThrow()));
    }
  }

  @Test
  public void machinesWithoutPciHaveNoPciAddressesOrControllers() {
    for (MachineType type : types()) {
      MachineDescription d = describe(type);
      if (d.pciRoot().isPresent()) {
        continue;
      }
      assertTrue(d.implicitDevices().stream().noneMatch(ImplicitDevice::hasPciAddress),
          type.name() + ": implicit device with a PCI address but no PCI root");
      assertTrue(d.pciControllerModels().isEmpty(), type.name() + ": PCI controller models "
          + d.pciControllerModels() + " but no PCI root");
    }
  }

  // ---- machine options ----

  @Test
  public void refusesAnUnknownOptionNamingIt() {
    MachinePlugin plugin = plugin();
    for (MachineType type : types()) {
      MachineRequest request = MachineRequest.builder().arch(type.arch()).name(type.name())
          .putOptions(UNKNOWN_OPTION, "on").build();
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> plugin.describe(request),
              plugin.id() + " must refuse option " + UNKNOWN_OPTION + " of " + type.name());
      assertTrue(String.valueOf(e.getMessage()).contains(UNKNOWN_OPTION),
          plugin.id() + ": the message must name the option: " + e.getMessage());
    }
  }

  @Test
  public void acceptsEachDeclaredOptionOnAndOff() {
    MachinePlugin plugin = plugin();
    for (MachineType type : types()) {
      for (String option : machineOptions()) {
        for (String value : List.of("on", "off")) {
          MachineRequest request = MachineRequest.builder().arch(type.arch()).name(type.name())
              .putOptions(option, value).build();
          assertEquals(type.name(), plugin.describe(request).name(),
              plugin.id() + ": " + type.name() + "," + option + "=" + value);
        }
      }
    }
  }

  // ---- defaults and room ----

  @Test
  public void defaultsNameModelsLibvirtKnows() {
    for (MachineType type : types()) {
      DeviceDefaults defaults = describe(type).defaults();
      Map<String, Optional<String>> named = Map.of("nicModel", defaults.nicModel(),
          "videoModel", defaults.videoModel(), "usbModel", defaults.usbModel(),
          "usbController", defaults.usbController(), "scsiModel", defaults.scsiModel(),
          "panicModel", defaults.panicModel());
      named.forEach((key, model) -> model.ifPresent(m -> {
        Set<String> known = knownModels(key.equals("usbController") ? "usbModel" : key);
        assertTrue(known.contains(m), plugin().id() + ": " + type.name() + " defaults." + key
            + " '" + m + "' is not a model libvirt knows (known: " + new java.util.TreeSet<>(known)
            + "); fix the table, or declare a model the plugin adds in knownModels()");
      }));
    }
  }

  /**
   * Every model the machine's defaults name is in its device catalog (the plugin's, else the one
   * the class path has for its architecture), with a QEMU device or none needed: a default NIC,
   * video, USB, SCSI or panic model the catalog lacks could be planned but not started.
   */
  @Test
  public void defaultsNameModelsTheCatalogHas() {
    for (MachineType type : types()) {
      MachineDescription machine = describe(type);
      DeviceCatalog catalog = catalogOf(machine);
      assertFalse(catalog.isEmpty(), plugin().id() + ": " + type.name() + " has no device catalog for "
          + type.arch() + ", and no plugin on the class path has one (fix: give the plugin a catalog,"
          + " see the README's device catalogs)");
      DeviceDefaults defaults = machine.defaults();
      Map<String, Optional<String>> references = new java.util.TreeMap<>(Map.of(
          "nicModel", defaults.nicModel().map(m -> "interface\t" + m),
          "videoModel", defaults.videoModel().map(m -> "video\t" + m),
          "usbModel", defaults.usbModel().map(m -> "controller\tusb/" + m),
          "usbController", defaults.usbController().map(m -> "controller\tusb/" + m),
          "scsiModel", defaults.scsiModel().map(m -> "controller\tscsi/" + m),
          "panicModel", defaults.panicModel().map(m -> "panic\t" + m)));
      references.forEach((key, reference) -> reference.ifPresent(ref -> {
        String[] kindAndKey = ref.split("\t");
        Optional<DeviceModel> model = catalog.find(kindAndKey[0], kindAndKey[1])
            .filter(m -> !m.isFallback() && !m.qemuDevice().equals(DeviceModel.NO_QEMU_DEVICE));
        assertTrue(model.isPresent(), plugin().id() + ": " + type.name() + " defaults." + key + " '"
            + kindAndKey[1].substring(kindAndKey[1].indexOf('/') + 1) + "' is not " + (kindAndKey[0].startsWith("i") ? "an " : "a ") + kindAndKey[0]
            + " model of the device catalog " + catalog.origin() + " (it has: "
            + catalog.keys(kindAndKey[0]) + "); fix the default, or add the model to the catalog");
      }));
    }
  }

  /** The machine's device catalog, else the one a plugin on the class path has for its architecture. */
  private static DeviceCatalog catalogOf(MachineDescription machine) {
    return CapabilitySources.withDevices(machine, classPathCatalogs()).devices();
  }

  /** A source of nothing but the device catalogs of the plugins on the class path. */
  private static CapabilitySource classPathCatalogs() {
    List<MachinePlugin> all = new java.util.ArrayList<>();
    java.util.ServiceLoader.load(MachinePlugin.class, MachinePluginContract.class.getClassLoader())
        .forEach(all::add);
    return new CapabilitySource() {
      @Override
      public List<MachineType> machineTypes() {
        return List.of();
      }

      @Override
      public Optional<MachineDescription> describe(MachineRequest request) {
        return Optional.empty();
      }

      @Override
      public Optional<DeviceCatalog> devices(String arch) {
        return all.stream().map(p -> p.devices(arch)).flatMap(Optional::stream).findFirst();
      }
    };
  }

  /**
   * The models a {@code defaults} key may name: libvirt 9.0's for that key (see the README).
   * Override to add models your plugin brings.
   */
  protected Set<String> knownModels(String defaultsKey) {
    return LibvirtModels.BY_DEFAULT.getOrDefault(defaultsKey, Set.of());
  }

  @Test
  public void everyPciRootHasAFreeSlot() {
    for (MachineType type : types()) {
      MachineDescription d = describe(type);
      d.pciRoot().ifPresent(root -> {
        Set<Integer> busy = new HashSet<>();
        d.implicitDevices().stream().filter(i -> i.hasPciAddress() && i.bus().equals(root.name()))
            .forEach(i -> busy.add(i.slot().getAsInt()));
        d.reservations().forEach(r -> busy.add(r.slot()));
        boolean free = java.util.stream.IntStream.rangeClosed(root.firstSlot(), root.lastSlot())
            .anyMatch(slot -> !busy.contains(slot));
        assertTrue(free, type.name() + ": root bus " + root.name() + " has no free slot in "
            + root.firstSlot() + ".." + root.lastSlot() + " (implicit devices and reservations take "
            + new java.util.TreeSet<>(busy) + ")");
      });
    }
  }

  // ---- planning ----

  /**
   * Plans a standard domain (see {@link #standardDomain}: a virtio disk, a NIC and a USB
   * controller of the machine's default models, plus whatever the machine's defaults add) with Backplane's planner on every
   * machine type that has a PCI root or a virtio transport other than PCI; every device must get
   * an address.
   */
  @TestFactory
  public Stream<DynamicTest> plansAStandardDomainOnEveryMachineWithAPciOrVirtioBus() {
    MachinePlugin plugin = plugin();
    Backplane backplane = new Backplane(CapabilitySources.firstOf(List.of(
        PluginCapabilitySource.of(List.of(plugin)), classPathCatalogs())));
    List<MachineType> plannable = types().stream().filter(t -> {
      MachineDescription d = describe(t);
      return d.pciRoot().isPresent() || d.virtioTransport() != VirtioTransport.PCI;
    }).toList();
    assertFalse(plannable.isEmpty() && types().stream().anyMatch(t -> hasBehavior(Behavior.PCI_ROOT, t)),
        plugin.id() + ": declares a PCI root but no machine type can be planned");
    return plannable.stream().map(type -> DynamicTest.dynamicTest(type.arch() + " " + type.name(), () -> {
      Plan plan;
      try {
        plan = backplane.plan(new PlanTopologyCommand(standardDomain(type)));
      } catch (InvalidDomainException e) {
        throw new AssertionError(plugin.id() + ": " + type.name()
            + " cannot plan a disk, a NIC and a USB controller: " + e.getMessage(), e);
      }
      assertEquals(type.name(), plan.machine().name(), "planned machine");
      for (DeviceKind kind : List.of(DeviceKind.DISK, DeviceKind.INTERFACE)) {
        Device device = plan.devices().stream().filter(d -> d.kind() == kind).findFirst()
            .orElseThrow(() -> new AssertionError(type.name() + ": the plan lost the " + kind.element()));
        assertNotNull(device.address(), type.name() + ": the " + kind.element() + " got no address");
      }
    }));
  }

  /**
   * One virtio disk, one NIC of the machine's default model (virtio on a machine without PCI
   * and without a default) and, where the machine has PCI, one USB controller of its default model.
   */
  protected Domain standardDomain(MachineType type) {
    MachineDescription machine = describe(type);
    boolean pci = machine.pciRoot().isPresent();
    List<Device> devices = new java.util.ArrayList<>(List.of(
        Device.builder(DeviceKind.DISK).key("disk").type("file").bus("virtio").target("vda").build(),
        Device.builder(DeviceKind.INTERFACE).key("nic").type("network")
            .model(pci || machine.defaults().nicModel().isPresent() ? null : "virtio").build()));
    if (pci) {
      devices.add(Device.builder(DeviceKind.CONTROLLER).key("usb").type("usb").index(0).build());
    }
    return new Domain(type.arch(), type.name(), devices);
  }

  // ---- dependencies ----

  /** {@link PluginRules#DEPENDS_ONLY_ON_SPI_AND_THE_JDK} on the plugin's package. */
  @Test
  public void pluginDependsOnlyOnSpiAndTheJdk() {
    Class<?> pluginClass = plugin().getClass();
    String pkg = pluginClass.getPackageName();
    JavaClasses classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importUrl(pluginClass.getProtectionDomain().getCodeSource().getLocation())
        .that(com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage(pkg + ".."));
    assertFalse(classes.isEmpty(), "no classes of " + pkg + " found to check");
    PluginRules.DEPENDS_ONLY_ON_SPI_AND_THE_JDK.check(classes);
  }

  // ---- helpers for subclasses ----

  /** Every machine type the plugin lists. */
  protected final List<MachineType> types() {
    return plugin().machineTypes();
  }

  /** Describes a listed type by its canonical name, without options. */
  protected final MachineDescription describe(MachineType type) {
    return plugin().describe(MachineRequest.of(type.arch(), type.name()));
  }

  private Set<String> arches() {
    Set<String> arches = new HashSet<>();
    types().forEach(t -> arches.add(t.arch()));
    return arches;
  }

  private static List<String> namesOf(MachineType type) {
    return Stream.concat(Stream.of(type.name()), type.aliases().stream()).toList();
  }

  private static String function(ImplicitDevice device) {
    return device.bus() + "/" + device.slot().getAsInt() + "." + device.function().getAsInt();
  }

  private static Set<String> implicitFunctionsOnRoot(MachineDescription d) {
    Set<String> taken = new HashSet<>();
    d.implicitDevices().stream().filter(ImplicitDevice::hasPciAddress)
        .forEach(i -> taken.add(function(i)));
    return taken;
  }

  private static String rootName(MachineDescription d) {
    return d.pciRoot().map(RootBus::name).orElse("?");
  }
}
