package dev.backplane.spi;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Teaches Backplane one family of QEMU machine types. Found with {@link java.util.ServiceLoader};
 * register implementations with {@code @AutoService(MachinePlugin.class)}.
 *
 * <p>The engine asks every plugin whether it {@link #handles} a request; when several do, the
 * highest {@link #priority()} wins and the {@link #id()} breaks ties. A plugin MUST be stateless
 * and thread-safe, and MUST answer the same request with an equal description every time.
 */
@Stable
public interface MachinePlugin {

  /**
   * {@return the plugin id: stable, lower-case, never reused (for example {@code x86-pc}); {@code backplane-} is reserved}
   */
  String id();

  /**
   * {@return the machine types this plugin knows, canonical names first-class, aliases included}
   */
  List<MachineType> machineTypes();

  /**
   * {@return the architectures of {@link #machineTypes()}} The engine asks only the plugins of a
   * request's architecture, so a plugin that answers this without reading its tables spares plans
   * of other architectures that cost. The default reads {@link #machineTypes()}.
   */
  @Experimental(since = "2026-11-30")
  default Set<String> architectures() {
    Set<String> arches = new HashSet<>();
    for (MachineType type : machineTypes()) {
      arches.add(type.arch());
    }
    return Set.copyOf(arches);
  }

  /**
   * {@return whether this plugin describes the requested machine} The default accepts a request whose
   * architecture and name (or alias) match one of {@link #machineTypes()}.
   *
   * @param request the machine asked for
   */
  default boolean handles(MachineRequest request) {
    for (MachineType type : machineTypes()) {
      if (type.matches(request)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Describes the requested machine. Called only after {@link #handles} said yes. MUST return a
   * description whose {@link MachineDescription#name()} is the canonical (versioned) name. MUST
   * throw {@link IllegalArgumentException} naming the option for machine options it cannot honour.
   *
   * @param request the machine asked for, which this plugin {@link #handles}
   * @return the machine as the engine plans on it
   */
  MachineDescription describe(MachineRequest request);

  /**
   * {@return the device catalog this plugin has for {@code arch}, used for machine descriptions that come
   * without one (a probed QEMU, a {@code --tables} file)} The default has none. A plugin that
   * returns one SHOULD also put it in its descriptions ({@link MachineDescription#devices()}).
   *
   * @param arch the architecture, as libvirt spells it ({@code x86_64}, {@code s390x})
   */
  @Experimental(since = "2026-12-01")
  default java.util.Optional<DeviceCatalog> devices(String arch) {
    return java.util.Optional.empty();
  }

  /** {@return the priority: higher wins when several plugins handle one request} */
  default int priority() {
    return 0;
  }
}
