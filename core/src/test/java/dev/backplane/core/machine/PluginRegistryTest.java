package dev.backplane.core.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backplane.spi.MachineDescription;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.MachineRequest;
import dev.backplane.spi.MachineType;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PluginRegistryTest {

  private static PluginRegistry fromClassPath() {
    return PluginRegistry.load(PluginRegistryTest.class.getClassLoader());
  }

  private static List<String> ids(List<MachinePlugin> plugins) {
    return plugins.stream().map(MachinePlugin::id).toList();
  }

  @Test
  void loadFindsTheFourX86PluginsThroughServiceLoader() {
    List<String> ids = ids(fromClassPath().plugins());
    assertTrue(ids.containsAll(List.of("x86-i440fx", "x86-isapc", "x86-microvm", "x86-q35")),
        "found " + ids);
  }

  @Test
  void loadKeepsExactlyWhatServiceLoaderRegisters() {
    List<String> registered = new ArrayList<>();
    ServiceLoader.load(MachinePlugin.class, getClass().getClassLoader())
        .forEach(p -> registered.add(p.id()));
    List<String> loaded = ids(fromClassPath().plugins());
    assertEquals(registered.stream().sorted().toList(), loaded.stream().sorted().toList());
  }

  @Test
  void loadedPluginsOfEqualPriorityAreOrderedById() {
    List<String> ids = ids(fromClassPath().plugins());
    assertEquals(ids.stream().sorted().toList(), ids);
  }

  @Test
  void ordersByPriorityThenById() {
    PluginRegistry registry = new PluginRegistry(List.of(
        new Fake("b-low", -1), new Fake("z-high", 5), new Fake("a-low", -1), new Fake("m-zero", 0)));
    assertEquals(List.of("z-high", "m-zero", "a-low", "b-low"), ids(registry.plugins()));
  }

  @Test
  void higherPriorityPluginWinsAMachineBothHandle() {
    PluginRegistry registry = new PluginRegistry(List.of(new Fake("a-plain", 0), new Fake("z-vendor", 10)));
    assertEquals("z-vendor", registry.pluginFor(MachineRequest.of("x86_64", "fake")).orElseThrow().id());
  }

  /** Claims are checked on machineTypes(); a handles() wider than them is ordered by id. */
  @Test
  void equalPriorityTieOfWiderHandlesIsBrokenById() {
    PluginRegistry registry = new PluginRegistry(List.of(new HandlesAll("z-second"), new HandlesAll("a-first")));
    assertEquals("a-first", registry.pluginFor(MachineRequest.of("x86_64", "anything")).orElseThrow().id());
  }

  @Test
  void findsTheQ35PluginForItsAlias() {
    assertEquals("x86-q35", fromClassPath().pluginFor(MachineRequest.of("x86_64", "q35")).orElseThrow().id());
  }

  @Test
  void refusesDuplicateIdsNamingBothClasses() {
    PluginLoadException e = assertThrows(PluginLoadException.class,
        () -> new PluginRegistry(List.of(new Fake("x86-dup", 0), new OtherFake("x86-dup"))));
    assertEquals(List.of("x86-dup", "x86-dup"), e.pluginIds());
    assertTrue(e.getMessage().contains("x86-dup"), e.getMessage());
    assertTrue(e.getMessage().contains(Fake.class.getName()), e.getMessage());
    assertTrue(e.getMessage().contains(OtherFake.class.getName()), e.getMessage());
  }

  @Test
  void loadRefusesAClassPathWithoutPlugins() throws Exception {
    try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
      PluginLoadException e = assertThrows(PluginLoadException.class, () -> PluginRegistry.load(empty));
      assertTrue(e.getMessage().contains("no machine plugins"), e.getMessage());
    }
  }

  /** Only {@link PluginRegistry#load} refuses an empty result; the constructor takes any list. */
  @Test
  void constructorAcceptsAnEmptyListAndHandlesNothing() {
    PluginRegistry registry = new PluginRegistry(List.of());
    assertTrue(registry.plugins().isEmpty());
    assertTrue(registry.pluginFor(MachineRequest.of("x86_64", "q35")).isEmpty());
  }

  @Test
  void refusesTwoPluginsOfEqualPriorityClaimingOneAliasNamingBoth() {
    PluginConflictException e = assertThrows(PluginConflictException.class, () -> new PluginRegistry(
        List.of(new Claims("x86-q35", 0, "pc-q35-7.2", "q35"), new Claims("vendor-q35", 0, "pc-q35-rhel9", "q35")))
        .machineTypes());
    assertEquals(List.of("vendor-q35", "x86-q35"), e.pluginIds());
    assertEquals("q35", e.name());
    assertEquals("x86_64", e.arch());
    assertTrue(e.getMessage().contains("vendor-q35") && e.getMessage().contains("x86-q35")
        && e.getMessage().contains("'q35'"), e.getMessage());
  }

  @Test
  void refusesAThirdPartyPluginClaimingQ35BesideTheBuiltInOne() throws Exception {
    List<MachinePlugin> plugins = new ArrayList<>();
    ServiceLoader.load(MachinePlugin.class, getClass().getClassLoader()).forEach(plugins::add);
    plugins.add(new Claims("acme-q35", 0, "acme-q35-1.0", "q35"));
    PluginConflictException e = assertThrows(PluginConflictException.class, () -> new PluginRegistry(plugins)
        .pluginFor(MachineRequest.of("x86_64", "q35")));
    assertEquals(List.of("acme-q35", "x86-q35"), e.pluginIds().stream().sorted().toList());
  }

  @Test
  void refusesTwoPluginsOfEqualPriorityClaimingOneCanonicalName() {
    PluginConflictException e = assertThrows(PluginConflictException.class, () -> new PluginRegistry(
        List.of(new Claims("a-one", 3, "board"), new Claims("b-two", 3, "board"))).machineTypes());
    assertEquals("board", e.name());
  }

  @Test
  void higherPriorityPluginTakesTheAliasAndEachNameIsListedOnce() {
    PluginRegistry registry = new PluginRegistry(List.of(
        new Claims("x86-q35", 0, "pc-q35-7.2", "q35"), new Claims("vendor-q35", 10, "pc-q35-rhel9", "q35")));
    assertEquals("vendor-q35", registry.pluginFor(MachineRequest.of("x86_64", "q35")).orElseThrow().id());
    assertEquals("x86-q35", registry.pluginFor(MachineRequest.of("x86_64", "pc-q35-7.2")).orElseThrow().id());
    List<String> names = registry.machineTypes().stream()
        .map(t -> t.name() + t.aliases()).toList();
    assertEquals(List.of("pc-q35-rhel9[q35]", "pc-q35-7.2[]"), names);
  }

  @Test
  void aTypeWhoseCanonicalNameAHigherPluginOwnsIsNotListed() {
    PluginRegistry registry = new PluginRegistry(List.of(
        new Claims("base", 0, "board", "b"), new Claims("override", 1, "board")));
    assertEquals(List.of("board[]"),
        registry.machineTypes().stream().map(t -> t.name() + t.aliases()).toList());
    assertEquals("override", registry.pluginFor(MachineRequest.of("x86_64", "board")).orElseThrow().id());
  }

  @Test
  void aRequestReadsOnlyThePluginsOfItsArchitecture() {
    PluginRegistry registry = new PluginRegistry(List.of(new Claims("x86", 0, "pc"), new Unreadable("broken")));
    assertEquals("x86", registry.pluginFor(MachineRequest.of("x86_64", "pc")).orElseThrow().id());
    PluginLoadException broken = assertThrows(PluginLoadException.class, registry::machineTypes,
        "the full list reads every plugin");
    assertEquals(List.of("broken"), broken.pluginIds());
    assertTrue(broken.getMessage().contains("broken's tables were read"), broken.getMessage());
  }

  @Test
  void aPluginWhoseTableFailsInAStaticInitializerIsNamed() {
    PluginRegistry registry = new PluginRegistry(List.of(new Claims("x86", 0, "pc") {
      @Override
      public List<MachineType> machineTypes() {
        throw new ExceptionInInitializerError(new IllegalArgumentException("families.q35: unknown key"));
      }
    }));
    PluginLoadException broken = assertThrows(PluginLoadException.class,
        () -> registry.pluginFor(MachineRequest.of("x86_64", "pc")));
    assertEquals("machine plugin 'x86' cannot list its machine types: families.q35: unknown key"
        + " (fix: correct or remove the plugin)", broken.getMessage());
  }

  @Test
  void sameNameOnAnotherArchitectureIsNoConflict() {
    PluginRegistry registry = new PluginRegistry(List.of(
        new Claims("x86", 0, "virt"), new ArmClaims("arm", "virt")));
    assertEquals(2, registry.machineTypes().size());
  }

  @Test
  void builtInPluginsClaimEveryNameOnce() {
    List<String> keys = fromClassPath().machineTypes().stream()
        .flatMap(t -> java.util.stream.Stream.concat(java.util.stream.Stream.of(t.name()), t.aliases().stream())
            .map(n -> t.arch() + "/" + n))
        .toList();
    assertEquals(keys.stream().distinct().count(), keys.size());
  }

  /** Lists a machine named after its id, handles every request. */
  /** A plugin of another architecture whose tables cannot be read. */
  private static final class Unreadable extends Fake {
    Unreadable(String id) {
      super(id, 0);
    }

    @Override
    public Set<String> architectures() {
      return Set.of("riscv64");
    }

    @Override
    public List<MachineType> machineTypes() {
      throw new IllegalStateException(id() + "'s tables were read");
    }
  }

  private static final class HandlesAll extends Fake {
    HandlesAll(String id) {
      super(id, 0);
    }

    @Override
    public List<MachineType> machineTypes() {
      return List.of(MachineType.builder().arch("x86_64").name(id()).build());
    }

    @Override
    public boolean handles(MachineRequest request) {
      return true;
    }
  }

  /** Claims the given x86_64 machine name and aliases. */
  private static class Claims extends Fake {
    private final String name;
    private final List<String> aliases;

    Claims(String id, int priority, String name, String... aliases) {
      super(id, priority);
      this.name = name;
      this.aliases = List.of(aliases);
    }

    String arch() {
      return "x86_64";
    }

    @Override
    public List<MachineType> machineTypes() {
      return List.of(MachineType.builder().arch(arch()).name(name).aliases(aliases).build());
    }
  }

  private static final class ArmClaims extends Claims {
    ArmClaims(String id, String name) {
      super(id, 0, name);
    }

    @Override
    String arch() {
      return "aarch64";
    }
  }

  /** Handles the machine "fake" of x86_64; describes nothing. */
  private static class Fake implements MachinePlugin {
    private final String id;
    private final int priority;

    Fake(String id, int priority) {
      this.id = id;
      this.priority = priority;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public List<MachineType> machineTypes() {
      return List.of(MachineType.builder().arch("x86_64").name("fake").build());
    }

    @Override
    public MachineDescription describe(MachineRequest request) {
      throw new UnsupportedOperationException("fake");
    }

    @Override
    public int priority() {
      return priority;
    }
  }

  private static final class OtherFake extends Fake {
    OtherFake(String id) {
      super(id, 0);
    }
  }
}
