package dev.backplane.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backplane.core.machine.PluginCapabilitySource;
import dev.backplane.core.machine.PluginLoadException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Backplane.Builder}: where the machine plugins are found. */
class BackplaneBuilderTest {

  @Test
  void findsThePluginsWithTheGivenClassLoader() {
    Backplane backplane = Backplane.builder().classLoader(getClass().getClassLoader()).build();
    assertTrue(backplane.machineTypes("x86_64").stream().anyMatch(t -> t.name().equals("pc-q35-7.2")));
  }

  @Test
  void aClassLoaderWithoutPluginsIsAnEnvironmentError() throws Exception {
    try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
      PluginLoadException e = assertThrows(PluginLoadException.class,
          () -> Backplane.builder().classLoader(empty).build());
      assertEquals(List.of(), e.pluginIds());
    }
  }

  @Test
  void refusesBothASourceAndAClassLoader() {
    assertThrows(IllegalStateException.class, () -> Backplane.builder()
        .capabilitySource(PluginCapabilitySource.fromClassPath())
        .classLoader(getClass().getClassLoader()).build());
  }
}
