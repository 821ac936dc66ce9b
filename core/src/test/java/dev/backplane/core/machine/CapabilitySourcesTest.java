package dev.backplane.core.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backplane.core.port.out.CapabilitySource;
import dev.backplane.spi.MachineDescription;
import dev.backplane.spi.MachineRequest;
import dev.backplane.spi.MachineType;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CapabilitySourcesTest {

  @Test
  void anEarlierSourceTakesAnAliasAndTheLaterTypeIsListedWithoutIt() {
    CapabilitySource combined = CapabilitySources.firstOf(List.of(
        source(type("pc-q35-rhel9.2.0", "q35")), source(type("pc-q35-7.2", "q35"), type("pc-i440fx-7.2", "pc"))));
    assertEquals(List.of("pc-q35-rhel9.2.0[q35]", "pc-q35-7.2[]", "pc-i440fx-7.2[pc]"),
        combined.machineTypes().stream().map(t -> t.name() + t.aliases()).toList());
  }

  @Test
  void aTypeWhoseNameAnEarlierSourceHasIsListedOnce() {
    CapabilitySource combined = CapabilitySources.firstOf(List.of(
        source(type("pc-q35-7.2")), source(type("pc-q35-7.2", "q35"))));
    assertEquals(List.of("pc-q35-7.2[]"),
        combined.machineTypes().stream().map(t -> t.name() + t.aliases()).toList());
  }

  private static MachineType type(String name, String... aliases) {
    return MachineType.builder().arch("x86_64").name(name).aliases(List.of(aliases)).build();
  }

  private static CapabilitySource source(MachineType... types) {
    return new CapabilitySource() {
      @Override
      public List<MachineType> machineTypes() {
        return List.of(types);
      }

      @Override
      public Optional<MachineDescription> describe(MachineRequest request) {
        return Optional.empty();
      }
    };
  }
}
