package dev.backplane.core.port.in;

import dev.backplane.spi.Stable;
import dev.backplane.core.model.InvalidDomainException;
import dev.backplane.core.model.Plan;

/** Turns a domain into a fully addressed plan, as libvirt would. */
@Stable
public interface PlanTopologyUseCase {
  /** {@return @throws InvalidDomainException when the domain breaks a machine or placement rule} */
  Plan plan(PlanTopologyCommand command);
}
