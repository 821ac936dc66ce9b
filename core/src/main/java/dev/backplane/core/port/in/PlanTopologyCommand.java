package dev.backplane.core.port.in;

import dev.backplane.core.model.Domain;
import java.util.Objects;

/** Plan addresses for every device of {@code domain}. */
public record PlanTopologyCommand(Domain domain) {
  public PlanTopologyCommand {
    Objects.requireNonNull(domain, "domain");
  }
}
