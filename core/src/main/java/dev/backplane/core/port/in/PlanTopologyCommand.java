package dev.backplane.core.port.in;

import dev.backplane.spi.Stable;
import dev.backplane.core.model.Domain;
import java.util.Objects;

/**
 * Plan addresses for every device of {@code domain}; with {@code explain}, record why each device
 * was added or placed where it is ({@link dev.backplane.core.model.Device#explanation()}).
 */
@Stable
public record PlanTopologyCommand(Domain domain, boolean explain) {
  /**
   * Checks the domain.
   *
   * @param domain the domain to plan
   * @param explain whether each device records the rules that decided it
   * @throws NullPointerException when {@code domain} is null
   */
  public PlanTopologyCommand {
    Objects.requireNonNull(domain, "domain");
  }

  /**
   * A command that plans {@code domain} without explanations.
   *
   * @param domain the domain
   */
  public PlanTopologyCommand(Domain domain) {
    this(domain, false);
  }
}
