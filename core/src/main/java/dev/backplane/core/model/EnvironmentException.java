package dev.backplane.core.model;

import dev.backplane.spi.Stable;

/**
 * The installation, not the input, is wrong: Backplane cannot work until it is fixed (for example
 * the machine plugins cannot be loaded, see {@code dev.backplane.core.machine.PluginLoadException}).
 */
@Stable
public class EnvironmentException extends BackplaneException {
  private static final long serialVersionUID = 1L;

  /**
   * An environment failure.
   *
   * @param message what failed and why
   * @param cause the underlying failure, or null
   */
  public EnvironmentException(String message, Throwable cause) {
    super(message, cause);
  }
}
