package dev.backplane.adapters.cli;

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

  int exitCode() {
    return exitCode;
  }
}
