package dev.backplane.core.model;

import dev.backplane.spi.Stable;

/**
 * Every failure Backplane reports on purpose; anything else thrown from its API is a bug. Two
 * branches: {@link InvalidDomainException} (the input is wrong: a domain, a machine name or
 * option, a change to a plan) and {@link EnvironmentException} (the installation is wrong: the
 * machine plugins cannot be loaded). Messages name what is wrong without naming commands or flags
 * of any front end; a front end adds its own hints from the structured fields of each subtype.
 */
@Stable
public abstract class BackplaneException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * A failure with its message.
   *
   * @param message the whole message
   * @param cause the underlying failure, or null
   */
  protected BackplaneException(String message, Throwable cause) {
    super(message, cause);
  }
}
