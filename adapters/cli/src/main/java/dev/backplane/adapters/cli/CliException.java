package dev.backplane.adapters.cli;

import dev.backplane.adapters.diagram.GraphvizException;
import java.io.IOException;

/**
 * A failure the user can act on, with the exit code it maps to. Its message is printed after
 * {@code backplane: } on one line, without a stack trace.
 */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  private CliException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** Exit 1: the input (a file, a machine name, an option value) is wrong. */
  static CliException invalidInput(String message) {
    return new CliException(ExitCodes.INVALID_INPUT, message, null);
  }

  static CliException invalidInput(String message, Throwable cause) {
    return new CliException(ExitCodes.INVALID_INPUT, message, cause);
  }

  /** Exit 3: the environment is wrong (no machine plugins, output cannot be written). */
  static CliException environment(String message, Throwable cause) {
    return new CliException(ExitCodes.ENVIRONMENT, message, cause);
  }

  /** The step of a command that writes its output. */
  interface Output {
    void write() throws IOException;
  }

  /**
   * Runs {@code output}; exit 3 when it fails: Graphviz missing or failing ({@code --format svg}),
   * or {@code what} (the plan, the description) cannot be written.
   */
  static void writing(String what, Output output) {
    try {
      output.write();
    } catch (GraphvizException e) {
      throw environment(e.getMessage(), e);
    } catch (IOException e) {
      throw environment("cannot write " + what + ": " + e.getMessage(), e);
    }
  }

  int exitCode() {
    return exitCode;
  }
}
