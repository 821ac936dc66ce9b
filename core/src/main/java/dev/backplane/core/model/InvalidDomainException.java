package dev.backplane.core.model;

import dev.backplane.spi.Stable;

/**
 * The input breaks a rule of the machine or of placement. The message is
 * {@code element: rule (fix: fix)}; it is meant for the user, without a stack trace. Subtypes say
 * more: {@link UnknownMachineException}, {@link MachineOptionException}.
 */
@Stable
public class InvalidDomainException extends BackplaneException {
  private static final long serialVersionUID = 1L;

  private final String element;
  private final String rule;
  private final String fix;

  /**
   * A domain that breaks a rule.
   *
   * @param element the element at fault, as XML
   * @param rule the rule it breaks, in words
   * @param fix how to fix it, in words
   */
  public InvalidDomainException(String element, String rule, String fix) {
    this(element, rule, fix, null);
  }

  /**
   * A domain that breaks a rule, found through {@code cause}.
   *
   * @param element the element at fault, as XML
   * @param rule the rule it breaks, in words
   * @param fix how to fix it, in words
   * @param cause the underlying failure
   */
  public InvalidDomainException(String element, String rule, String fix, Throwable cause) {
    super(element + ": " + rule + (fix == null || fix.isEmpty() ? "" : " (fix: " + fix + ")"), cause);
    this.element = element;
    this.rule = rule;
    this.fix = fix;
  }

  /**
   * {@return the element at fault, as written in libvirt's XML: {@code <controller type='pci' index='3'>}}
   */
  public String element() {
    return element;
  }

  /** {@return the rule broken, in words} */
  public String rule() {
    return rule;
  }

  /** {@return what to change; may be empty} */
  public String fix() {
    return fix;
  }
}
