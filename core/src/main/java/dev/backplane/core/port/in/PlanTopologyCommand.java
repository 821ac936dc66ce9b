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
  /**
   * Checks the command.
   *
   * @param domain the domain to plan
   * @param explain whether each device records the rules that decided it
   * @param options the placement policy, hot-plug reserve and firmware to plan under
   * @throws NullPointerException when {@code domain} or {@code options} is null
   */
  public PlanTopologyCommand {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(options, "options");
  }

  /**
   * A command that plans {@code domain} under libvirt 9.0's policy.
   *
   * @param domain the domain to plan
   * @param explain whether each device records the rules that decided it
   */
  public PlanTopologyCommand(Domain domain, boolean explain) {
    this(domain, explain, PlanOptions.DEFAULT);
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
