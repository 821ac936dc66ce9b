package dev.backplane.core.model;

/**
 * The domain breaks a rule of the machine or of PCI placement. The message names the element, the
 * rule and a way to fix it; it is meant for the user, without a stack trace.
 */
public class InvalidDomainException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String element;
  private final String rule;
  private final String fix;

  public InvalidDomainException(String element, String rule, String fix) {
    super(element + ": " + rule + (fix == null || fix.isEmpty() ? "" : " (fix: " + fix + ")"));
    this.element = element;
    this.rule = rule;
    this.fix = fix;
  }

  public String element() {
    return element;
  }

  public String rule() {
    return rule;
  }

  public String fix() {
    return fix;
  }
}
