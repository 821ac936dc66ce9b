package dev.backplane.core.machine;

import dev.backplane.spi.Stable;
import dev.backplane.spi.DeviceCatalog;
import dev.backplane.core.model.MachineOptionException;
import dev.backplane.core.port.out.CapabilitySource;
import dev.backplane.spi.MachineDescription;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.MachineRequest;
import dev.backplane.spi.MachineType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Machine knowledge from machine plugins (the built-in tables). Descriptions are kept once made: a
 * plugin MUST answer an equal request with an equal description, and building one costs about as
 * much as planning a small domain. Safe for use from many threads at once.
 */
@Stable
public final class PluginCapabilitySource implements CapabilitySource {
  /** Distinct requests remembered; domains name few machine types, untrusted input may name many. */
  private static final int MAX_REMEMBERED = 256;

  private final PluginRegistry registry;
  private final Map<MachineRequest, MachineDescription> described = new ConcurrentHashMap<>();

  private PluginCapabilitySource(PluginRegistry registry) {
    this.registry = registry;
  }

  /** {@return the plugins found by {@link java.util.ServiceLoader} with this class's loader} */
  public static PluginCapabilitySource fromClassPath() {
    return load(PluginCapabilitySource.class.getClassLoader());
  }

  /**
   * {@return the plugins {@link java.util.ServiceLoader} finds with {@code loader}}
   *
   * @param loader the class loader to find plugins through
   * @throws PluginLoadException when there is none or two share an id; two of equal priority
   *     that claim one machine name are refused when its architecture is first used
   */
  public static PluginCapabilitySource load(ClassLoader loader) {
    return new PluginCapabilitySource(PluginRegistry.load(loader));
  }

  /**
   * {@return a source of exactly these plugins (none is allowed: such a source knows no machine)}
   *
   * @param plugins the plugins, in any order
   * @throws PluginLoadException when two share an id; two of equal priority that claim one name
   *     are refused when its architecture is first used
   */
  public static PluginCapabilitySource of(List<MachinePlugin> plugins) {
    return new PluginCapabilitySource(new PluginRegistry(plugins));
  }

  /** {@return the plugins, highest priority first, then by id} */
  public List<MachinePlugin> plugins() {
    return registry.plugins();
  }

  @Override
  public List<MachineType> machineTypes() {
    return registry.machineTypes();
  }

  @Override
  public Optional<MachineDescription> describe(MachineRequest request) {
    MachineDescription known = described.get(request);
    if (known != null) {
      return Optional.of(known);
    }
    Optional<MachineDescription> description = registry.pluginFor(request)
        .map(plugin -> describe(plugin, request))
        .map(found -> CapabilitySources.withDevices(found, this));
    if (description.isPresent() && described.size() < MAX_REMEMBERED) {
      described.putIfAbsent(request, description.get());
    }
    return description;
  }

  /** The catalog of the first plugin (in the registry's order) that has one for {@code arch}. */
  @Override
  public Optional<DeviceCatalog> devices(String arch) {
    for (MachinePlugin plugin : registry.plugins()) {
      Optional<DeviceCatalog> catalog = plugin.devices(arch);
      if (catalog.isPresent()) {
        return catalog;
      }
    }
    return Optional.empty();
  }

  private static MachineDescription describe(MachinePlugin plugin, MachineRequest request) {
    try {
      return plugin.describe(request);
    } catch (IllegalArgumentException e) {
      throw MachineOptionException.refused(request, plugin.id(), e);
    }
  }
}
