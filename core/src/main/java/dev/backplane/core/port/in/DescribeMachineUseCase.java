package dev.backplane.core.port.in;

import dev.backplane.spi.Stable;
import dev.backplane.core.model.InvalidDomainException;
import dev.backplane.spi.MachineDescription;

/** What a machine type looks like inside. */
@Stable
public interface DescribeMachineUseCase {
  /**
   * {@return the machine the command names}
   *
   * @param command the machine to describe
   * @throws InvalidDomainException when no source knows the machine
   */
  MachineDescription describe(DescribeMachineCommand command);
}
