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

  @Test
  void equalPriorityTieIsBrokenById() {
    PluginRegistry registry = new PluginRegistry(List.of(new Fake("z-second", 0), new Fake("a-first", 0)));
    assertEquals("a-first", registry.pluginFor(MachineRequest.of("x86_64", "fake")).orElseThrow().id());
  }

  @Test
  void findsTheQ35PluginForItsAlias() {
    assertEquals("x86-q35", fromClassPath().pluginFor(MachineRequest.of("x86_64", "q35")).orElseThrow().id());
  }

  @Test
  void refusesDuplicateIdsNamingBothClasses() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new PluginRegistry(List.of(new Fake("x86-dup", 0), new OtherFake("x86-dup"))));
    assertTrue(e.getMessage().contains("x86-dup"), e.getMessage());
    assertTrue(e.getMessage().contains(Fake.class.getName()), e.getMessage());
    assertTrue(e.getMessage().contains(OtherFake.class.getName()), e.getMessage());
  }

  @Test
  void loadRefusesAClassPathWithoutPlugins() throws Exception {
    try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> PluginRegistry.load(empty));
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
