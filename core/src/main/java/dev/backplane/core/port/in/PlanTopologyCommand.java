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
  public PlanTopologyCommand {
    Objects.requireNonNull(domain, "domain");
  }

  public PlanTopologyCommand(Domain domain) {
    this(domain, false);
  }
}
