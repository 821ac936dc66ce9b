package dev.backplane.core.model;

import dev.backplane.spi.Experimental;
import java.util.List;

/**
 * A change to a running domain's plan ({@code Backplane#add}, {@code Backplane#remove}) cannot be
 * made without moving a device that is already placed, or without a device that cannot be
 * hot-plugged (a new PCI controller), or names a device the plan does not have.
 */
@Experimental(since = "2026-11-30")
public final class PlanChangeException extends InvalidDomainException {
  private static final long serialVersionUID = 1L;

  private final List<String> devices;

  /**
   * A change refused.
   *
   * @param element the element at fault, as XML
   * @param rule the rule it breaks, in words
   * @param fix how to fix it, in words
   * @param devices the devices the change is about, as their elements
   * @param cause the planner's refusal, or null
   */
  public PlanChangeException(String element, String rule, String fix, List<String> devices,
      Throwable cause) {
    super(element, rule, fix, cause);
    this.devices = List.copyOf(devices);
  }

  /** {@return the devices to add or remove, as {@link Device#describe()} or, for keys, the key} */
  public List<String> devices() {
    return devices;
  }
}
