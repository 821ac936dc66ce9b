package dev.backplane.core.port.in;

import dev.backplane.spi.Stable;
import dev.backplane.core.model.InvalidDomainException;
import dev.backplane.core.model.Plan;

/** Turns a domain into a fully addressed plan, as libvirt would. */
@Stable
public interface PlanTopologyUseCase {
  /**
   * {@return the plan of the command's domain}
   *
   * @param command the domain to plan
   * @throws InvalidDomainException when the domain breaks a machine or placement rule
   */
  Plan plan(PlanTopologyCommand command);
}
