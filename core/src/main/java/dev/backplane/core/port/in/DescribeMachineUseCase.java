package dev.backplane.core.port.in;

import dev.backplane.spi.Stable;
import dev.backplane.core.model.InvalidDomainException;
import dev.backplane.spi.MachineDescription;

/** What a machine type looks like inside. */
@Stable
public interface DescribeMachineUseCase {
  /** {@return @throws InvalidDomainException when no source knows the machine} */
  MachineDescription describe(DescribeMachineCommand command);
}
