package dev.backplane.core.port.in;

import dev.backplane.spi.Stable;
import dev.backplane.spi.MachineType;
import java.util.List;

/** The machine types known, optionally for one architecture (null: all). */
@Stable
public interface ListMachinesUseCase {
  List<MachineType> machineTypes(String arch);
}
