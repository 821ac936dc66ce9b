package dev.backplane.core.machine;

import dev.backplane.core.port.out.CapabilitySource;
import dev.backplane.spi.MachineDescription;
import dev.backplane.spi.MachineRequest;
import dev.backplane.spi.MachineType;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Combines capability sources: the first source that knows a machine type answers for it. */
public final class CapabilitySources {
  private CapabilitySources() {}

  public static CapabilitySource firstOf(List<CapabilitySource> sources) {
    List<CapabilitySource> ordered = List.copyOf(sources);
    return new CapabilitySource() {
      @Override
      public List<MachineType> machineTypes() {
        Set<String> seen = new HashSet<>();
        return ordered.stream().flatMap(s -> s.machineTypes().stream())
            .filter(t -> seen.add(t.arch() + "/" + t.name()))
            .toList();
      }

      @Override
      public Optional<MachineDescription> describe(MachineRequest request) {
        for (CapabilitySource source : ordered) {
          Optional<MachineDescription> found = source.describe(request);
          if (found.isPresent()) {
            return found;
          }
        }
        return Optional.empty();
      }
    };
  }
}
