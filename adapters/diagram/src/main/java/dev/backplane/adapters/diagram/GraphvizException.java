package dev.backplane.adapters.diagram;

import java.io.IOException;

/**
 * Graphviz could not draw: {@code dot} is not installed, or it failed. The message says what to do
 * (install the {@code graphviz} package) or carries {@code dot}'s own error.
 */
public final class GraphvizException extends IOException {
  private static final long serialVersionUID = 1L;

  GraphvizException(String message) {
    super(message);
  }
}
