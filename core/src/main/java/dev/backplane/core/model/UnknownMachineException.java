package dev.backplane.core.model;

import dev.backplane.spi.Stable;
import java.util.List;

/**
 * No capability source knows the machine type for the architecture, or the domain names no
 * machine and its architecture has no default one ({@link #machine()} is then null).
 */
@Stable
public final class UnknownMachineException extends InvalidDomainException {
  private static final long serialVersionUID = 1L;

  private final String arch;
  private final String machine;
  private final List<String> known;

  /**
   * A machine nothing describes.
   *
   * @param element the element at fault, as XML
   * @param rule the rule it breaks, in words
   * @param fix how to fix it, in words
   * @param arch the architecture
   * @param machine the machine as written
   * @param known the machine names known for {@code arch}
   */
  public UnknownMachineException(String element, String rule, String fix, String arch,
      String machine, List<String> known) {
    super(element, rule, fix);
    this.arch = arch;
    this.machine = machine;
    this.known = List.copyOf(known);
  }

  /** {@return the architecture the machine was asked for} */
  public String arch() {
    return arch;
  }

  /** {@return the name asked for, without options; null when none was given} */
  public String machine() {
    return machine;
  }

  /**
   * {@return the names and aliases known for {@link #arch()} (empty: the architecture is not known)}
   */
  public List<String> known() {
    return known;
  }
}
