package dev.backplane.adapters.statictables;

import dev.backplane.core.port.out.CapabilitySource;
import dev.backplane.spi.MachineDescription;
import dev.backplane.spi.MachineRequest;
import dev.backplane.spi.MachineType;
import dev.backplane.spi.support.MachineTable;
import java.util.List;
import java.util.Optional;

/** Answers from a list of machine tables; the first table that has a machine type describes it. */
final class TableCapabilitySource implements CapabilitySource {
  private final List<MachineTable> tables;

  TableCapabilitySource(List<MachineTable> tables) {
    this.tables = List.copyOf(tables);
  }

  @Override
  public List<MachineType> machineTypes() {
    return tables.stream().flatMap(t -> t.machineTypes(List.of()).stream()).toList();
  }

  @Override
  public Optional<MachineDescription> describe(MachineRequest request) {
    return tables.stream().filter(t -> t.familyOf(request).isPresent()).findFirst()
        .map(t -> t.describe(request));
  }
}
