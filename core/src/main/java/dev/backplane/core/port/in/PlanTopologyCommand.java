package dev.backplane.core.port.in;

import dev.backplane.core.model.Domain;
import java.util.Objects;

/**
 * Plan addresses for every device of {@code domain}; with {@code explain}, record why each device
 * was added or placed where it is ({@link dev.backplane.core.model.Device#explanation()}).
 */
public record PlanTopologyCommand(Domain domain, boolean explain) {
  public PlanTopologyCommand {
    Objects.requireNonNull(domain, "domain");
  }

  public PlanTopologyCommand(Domain domain) {
    this(domain, false);
  }
}
