package dev.backplane.adapters.qmp;

import dev.backplane.core.port.out.CapabilitySource;
import dev.backplane.spi.MachineDescription;
import dev.backplane.spi.MachineRequest;
import dev.backplane.spi.MachineType;
import dev.backplane.spi.support.MachineTable;
import java.util.List;
import java.util.Optional;

/** Machine knowledge probed from a QEMU binary, served from the probe's machine table. */
final class QmpCapabilitySource implements CapabilitySource {
  private final MachineTable table;

  QmpCapabilitySource(MachineTable table) {
    this.table = table;
  }

  @Override
  public List<MachineType> machineTypes() {
    return table.machineTypes(List.of());
  }

  @Override
  public Optional<MachineDescription> describe(MachineRequest request) {
    return table.familyOf(request).map(family -> table.describe(request));
  }
}
