package dev.backplane.core.port.in;

import dev.backplane.spi.Stable;
import dev.backplane.spi.MachineType;
import java.util.List;

/** The machine types known, optionally for one architecture (null: all). */
@Stable
public interface ListMachinesUseCase {
  /**
   * {@return the machine types known for {@code arch}, by name}
   *
   * @param arch the architecture, as libvirt spells it
   */
  List<MachineType> machineTypes(String arch);
}
