package dev.backplane.core.machine;

import dev.backplane.spi.Stable;
import dev.backplane.spi.DeviceCatalog;
import dev.backplane.core.port.out.CapabilitySource;
import dev.backplane.spi.MachineDescription;
import dev.backplane.spi.MachineRequest;
import dev.backplane.spi.MachineType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Combines capability sources: the first source that knows a machine type answers for it, so a
 * table or a probed QEMU overrides the plugins on purpose.
 */
@Stable
public final class CapabilitySources {
  private CapabilitySources() {}

  /**
   * {@return a source that asks {@code sources} in order and answers with the first that knows the
   * machine}
   *
   * @param sources the sources, in order of preference
   */
  public static CapabilitySource firstOf(List<CapabilitySource> sources) {
    List<CapabilitySource> ordered = List.copyOf(sources);
    return new CapabilitySource() {
      /** Each name once: a later source's type loses the names (or aliases) an earlier one has. */
      @Override
      public List<MachineType> machineTypes() {
        Set<String> taken = new HashSet<>();
        List<MachineType> listed = new ArrayList<>();
        for (CapabilitySource source : ordered) {
          List<MachineType> types = source.machineTypes();
          for (MachineType type : types) {
            if (taken.contains(key(type, type.name()))) {
              continue;
            }
            List<String> aliases = type.aliases().stream()
                .filter(alias -> !taken.contains(key(type, alias))).toList();
            listed.add(aliases.equals(type.aliases())
                ? type : MachineType.builder().from(type).aliases(aliases).build());
          }
          types.forEach(type -> {
            taken.add(key(type, type.name()));
            type.aliases().forEach(alias -> taken.add(key(type, alias)));
          });
        }
        return List.copyOf(listed);
      }

      @Override
      public Optional<MachineDescription> describe(MachineRequest request) {
        for (CapabilitySource source : ordered) {
          Optional<MachineDescription> found = source.describe(request);
          if (found.isPresent()) {
            return Optional.of(withDevices(found.get(), this));
          }
        }
        return Optional.empty();
      }

      @Override
      public Optional<DeviceCatalog> devices(String arch) {
        for (CapabilitySource source : ordered) {
          Optional<DeviceCatalog> catalog = source.devices(arch);
          if (catalog.isPresent()) {
            return catalog;
          }
        }
        return Optional.empty();
      }
    };
  }

  /**
   * {@return {@code description} as it is when it has a device catalog; else with {@code source}'s catalog
   * of its architecture (a probed QEMU or a {@code --tables} file has none of its own)}
   *
   * @param description a machine description from any source
   * @param source where other machine descriptions come from
   */
  public static MachineDescription withDevices(MachineDescription description, CapabilitySource source) {
    if (!description.devices().isEmpty()) {
      return description;
    }
    return source.devices(description.arch())
        .map(catalog -> MachineDescription.builder().from(description).devices(catalog).build())
        .orElse(description);
  }

  private static String key(MachineType type, String name) {
    return type.arch() + "/" + name;
  }
}
