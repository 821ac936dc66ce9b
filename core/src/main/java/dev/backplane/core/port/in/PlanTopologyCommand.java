package dev.backplane.core.port.in;

import dev.backplane.spi.Stable;
import dev.backplane.core.model.Domain;
import java.util.Objects;

/**
 * Plan addresses for every device of {@code domain}; with {@code explain}, record why each device
 * was added or placed where it is ({@link dev.backplane.core.model.Device#explanation()}); with
 * {@code options}, under another placement policy or hot-plug reserve ({@link PlanOptions}, experimental).
 */
@Stable
public record PlanTopologyCommand(Domain domain, boolean explain, PlanOptions options) {
  public PlanTopologyCommand {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(options, "options");
  }

  public PlanTopologyCommand(Domain domain, boolean explain) {
    this(domain, explain, PlanOptions.DEFAULT);
  }

  public PlanTopologyCommand(Domain domain) {
    this(domain, false);
  }
}
