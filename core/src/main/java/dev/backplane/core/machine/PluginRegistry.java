package dev.backplane.core.machine;

import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.MachineRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The machine plugins, in a stable order: highest priority first, then by id. Duplicate ids are
 * refused with both classes and their jars named.
 */
public final class PluginRegistry {
  private final List<MachinePlugin> plugins;

  public PluginRegistry(List<MachinePlugin> plugins) {
    Map<String, MachinePlugin> byId = new HashMap<>();
    for (MachinePlugin plugin : plugins) {
      MachinePlugin other = byId.putIfAbsent(plugin.id(), plugin);
      if (other != null) {
        throw new IllegalStateException("two machine plugins use id '" + plugin.id() + "': "
            + where(other) + " and " + where(plugin) + "; remove one of the jars");
      }
    }
    List<MachinePlugin> sorted = new ArrayList<>(plugins);
    sorted.sort(Comparator.comparingInt(MachinePlugin::priority).reversed()
        .thenComparing(MachinePlugin::id));
    this.plugins = List.copyOf(sorted);
  }

  /** Loads every plugin registered for {@link ServiceLoader}; refuses an empty result. */
  public static PluginRegistry load(ClassLoader loader) {
    List<MachinePlugin> found = new ArrayList<>();
    ServiceLoader.load(MachinePlugin.class, loader).forEach(found::add);
    if (found.isEmpty()) {
      throw new IllegalStateException("no machine plugins found on the class path: add a "
          + "backplane-machines-* jar (each registers dev.backplane.spi.MachinePlugin)");
    }
    return new PluginRegistry(found);
  }

  public List<MachinePlugin> plugins() {
    return plugins;
  }

  /** The plugin that describes the request: the first (by priority, then id) that handles it. */
  public Optional<MachinePlugin> pluginFor(MachineRequest request) {
    return plugins.stream().filter(p -> p.handles(request)).findFirst();
  }

  private static String where(MachinePlugin plugin) {
    var source = plugin.getClass().getProtectionDomain().getCodeSource();
    return plugin.getClass().getName() + " (" + (source == null ? "?" : source.getLocation()) + ")";
  }
}
