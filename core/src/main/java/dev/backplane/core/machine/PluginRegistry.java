package dev.backplane.core.machine;

import dev.backplane.spi.Internal;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.MachineRequest;
import dev.backplane.spi.MachineType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The machine plugins, in a stable order: highest priority first, then by id. Duplicate ids are
 * refused with both classes and their jars named. Each machine name and alias of an architecture
 * belongs to one plugin: when two claim it, the one with the higher priority owns it and the
 * other loses that name; at equal priority they are refused ({@link PluginConflictException}).
 */
@Internal
public final class PluginRegistry {
  private final List<MachinePlugin> plugins;
  private final List<MachineType> machineTypes;

  /**
   * A registry of {@code plugins}.
   *
   * @param plugins the plugins, in any order
   * @throws PluginConflictException when two share an id
   */
  public PluginRegistry(List<MachinePlugin> plugins) {
    Map<String, MachinePlugin> byId = new HashMap<>();
    for (MachinePlugin plugin : plugins) {
      MachinePlugin other = byId.putIfAbsent(plugin.id(), plugin);
      if (other != null) {
        throw new PluginLoadException("two machine plugins use id '" + plugin.id() + "': "
            + where(other) + " and " + where(plugin) + "; remove one of the jars",
            List.of(plugin.id(), plugin.id()));
      }
    }
    List<MachinePlugin> sorted = new ArrayList<>(plugins);
    sorted.sort(Comparator.comparingInt(MachinePlugin::priority).reversed()
        .thenComparing(MachinePlugin::id));
    this.plugins = List.copyOf(sorted);
    this.machineTypes = claim(this.plugins);
  }

  /**
   * {@return the registry of every plugin {@code loader} finds for {@link ServiceLoader}; an empty result is refused}
   *
   * @param loader the class loader to find plugins through
   */
  public static PluginRegistry load(ClassLoader loader) {
    List<MachinePlugin> found = new ArrayList<>();
    ServiceLoader.load(MachinePlugin.class, loader).forEach(found::add);
    if (found.isEmpty()) {
      throw new PluginLoadException("no machine plugins found on the class path: add a "
          + "backplane-machines-* jar (each registers dev.backplane.spi.MachinePlugin)", List.of());
    }
    return new PluginRegistry(found);
  }

  /** {@return the plugins, by priority (highest first), then id} */
  public List<MachinePlugin> plugins() {
    return plugins;
  }

  /**
   * {@return every plugin's machine types, each name listed once: a type keeps only the names (canonical
   * or alias) its plugin owns, and a type whose canonical name another plugin owns is left out}
   */
  public List<MachineType> machineTypes() {
    return machineTypes;
  }

  /**
   * {@return the plugin that describes the request: the first (by priority, then id) that handles it}
   *
   * @param request the machine asked for
   */
  public Optional<MachinePlugin> pluginFor(MachineRequest request) {
    return plugins.stream().filter(p -> p.handles(request)).findFirst();
  }

  /** Gives each arch/name to the first plugin (in registry order) that lists it. */
  private static List<MachineType> claim(List<MachinePlugin> ordered) {
    Map<String, MachinePlugin> owners = new HashMap<>();
    Map<MachineType, MachinePlugin> types = new LinkedHashMap<>();
    for (MachinePlugin plugin : ordered) {
      for (MachineType type : plugin.machineTypes()) {
        types.putIfAbsent(type, plugin);
        List<String> names = new ArrayList<>(type.aliases());
        names.add(0, type.name());
        for (String name : names) {
          MachinePlugin owner = owners.putIfAbsent(type.arch() + "/" + name, plugin);
          if (owner != null && owner != plugin && owner.priority() == plugin.priority()) {
            throw new PluginConflictException(type.arch(), name, owner.id(), plugin.id());
          }
        }
      }
    }
    List<MachineType> listed = new ArrayList<>();
    types.forEach((type, plugin) -> {
      if (owners.get(type.arch() + "/" + type.name()) != plugin) {
        return;
      }
      List<String> ownAliases = type.aliases().stream()
          .filter(alias -> owners.get(type.arch() + "/" + alias) == plugin).toList();
      listed.add(ownAliases.equals(type.aliases())
          ? type : MachineType.builder().from(type).aliases(ownAliases).build());
    });
    return List.copyOf(listed);
  }

  private static String where(MachinePlugin plugin) {
    var source = plugin.getClass().getProtectionDomain().getCodeSource();
    return plugin.getClass().getName() + " (" + (source == null ? "?" : source.getLocation()) + ")";
  }
}
