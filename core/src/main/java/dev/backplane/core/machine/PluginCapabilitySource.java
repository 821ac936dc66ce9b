package dev.backplane.core.machine;

import dev.backplane.core.port.out.CapabilitySource;
import dev.backplane.spi.MachineDescription;
import dev.backplane.spi.MachineRequest;
import dev.backplane.spi.MachineType;
import java.util.List;
import java.util.Optional;

/** Machine knowledge from the plugins on the class path (the built-in tables). */
public final class PluginCapabilitySource implements CapabilitySource {
  private final PluginRegistry registry;

  public PluginCapabilitySource(PluginRegistry registry) {
    this.registry = registry;
  }

  /** The plugins found by {@link java.util.ServiceLoader} with this class's loader. */
  public static PluginCapabilitySource fromClassPath() {
    return new PluginCapabilitySource(PluginRegistry.load(PluginCapabilitySource.class.getClassLoader()));
  }

  @Override
  public List<MachineType> machineTypes() {
    return registry.machineTypes();
  }

  @Override
  public Optional<MachineDescription> describe(MachineRequest request) {
    return registry.pluginFor(request).map(plugin -> {
      try {
        return plugin.describe(request);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("plugin " + plugin.id() + ": " + e.getMessage(), e);
      }
    });
  }
}
