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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The machine plugins, in a stable order: highest priority first, then by id. Duplicate ids are
 * refused with both classes and their jars named. Each machine name and alias of an architecture
 * belongs to one plugin: when two claim it, the one with the higher priority owns it and the
 * other loses that name; at equal priority they are refused ({@link PluginConflictException}).
 *
 * <p>The claims of an architecture are checked when it is first used (a request of it, or the
 * list of every machine type), and only its plugins ({@link MachinePlugin#architectures()}) are
 * asked, so planning an x86_64 domain reads no other architecture's tables.
 */
@Internal
public final class PluginRegistry {
  private final List<MachinePlugin> plugins;
  private volatile List<MachineType> machineTypes;
  /** The architectures whose claims were checked. */
  private final Set<String> claimed = ConcurrentHashMap.newKeySet();

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
    sorted.sort(PluginRegistry::byPriority);
    this.plugins = List.copyOf(sorted);
  }

  /**
   * Higher priority first, then by id. Written out rather than composed from {@link Comparator}'s
   * factories, which return serializable lambdas: class-data archives do not hold those, so each
   * costs a cold start several milliseconds of linking.
   */
  private static int byPriority(MachinePlugin a, MachinePlugin b) {
    int priority = Integer.compare(b.priority(), a.priority());
    return priority != 0 ? priority : a.id().compareTo(b.id());
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
   * {@return every plugin's machine types, each name listed once} A type keeps only the names
   * (canonical or alias) its plugin owns, and a type whose canonical name another plugin owns is
   * left out.
   *
   * @throws PluginConflictException when two plugins of equal priority claim one name
   */
  public List<MachineType> machineTypes() {
    List<MachineType> all = machineTypes;
    if (all == null) {
      all = claim(plugins);
      machineTypes = all;
    }
    return all;
  }

  /**
   * {@return the plugin that describes the request: the first (by priority, then id) of its
   * architecture (or of none it names) that handles it}
   *
   * @param request the machine asked for
   * @throws PluginConflictException when two plugins of the architecture and of equal priority
   *     claim one name
   */
  public Optional<MachinePlugin> pluginFor(MachineRequest request) {
    List<MachinePlugin> candidates = new ArrayList<>();
    for (MachinePlugin plugin : plugins) {
      Set<String> arches = architecturesOf(plugin);
      if (arches.isEmpty() || arches.contains(request.arch())) {
        candidates.add(plugin);
      }
    }
    if (!claimed.contains(request.arch())) {
      claim(candidates);
      claimed.add(request.arch());
    }
    for (MachinePlugin plugin : candidates) {
      if (plugin.handles(request)) {
        return Optional.of(plugin);
      }
    }
    return Optional.empty();
  }

  /**
   * The machine types a plugin lists. A plugin that cannot read its own tables (a broken table, a
   * table read in a static initializer, which arrives wrapped) is a broken installation, named.
   */
  private static List<MachineType> machineTypesOf(MachinePlugin plugin) {
    try {
      return plugin.machineTypes();
    } catch (RuntimeException | ExceptionInInitializerError e) {
      throw broken(plugin, e);
    }
  }

  /** The architectures a plugin serves ({@link MachinePlugin#architectures}: by default, read from its machine types). */
  private static Set<String> architecturesOf(MachinePlugin plugin) {
    try {
      return plugin.architectures();
    } catch (RuntimeException | ExceptionInInitializerError e) {
      throw broken(plugin, e);
    }
  }

  private static PluginLoadException broken(MachinePlugin plugin, Throwable e) {
    Throwable cause = e instanceof ExceptionInInitializerError && e.getCause() != null ? e.getCause() : e;
    return new PluginLoadException("machine plugin '" + plugin.id() + "' cannot list its machine types: "
        + cause.getMessage() + " (fix: correct or remove the plugin)", List.of(plugin.id()));
  }

  /** Gives each arch/name to the first plugin (in registry order) that lists it. */
  private static List<MachineType> claim(List<MachinePlugin> ordered) {
    Map<String, MachinePlugin> owners = new HashMap<>();
    Map<MachineType, MachinePlugin> types = new LinkedHashMap<>();
    for (MachinePlugin plugin : ordered) {
      for (MachineType type : machineTypesOf(plugin)) {
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
      List<String> ownAliases = new ArrayList<>();
      for (String alias : type.aliases()) {
        if (owners.get(type.arch() + "/" + alias) == plugin) {
          ownAliases.add(alias);
        }
      }
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
