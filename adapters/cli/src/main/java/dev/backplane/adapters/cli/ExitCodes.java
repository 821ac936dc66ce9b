package dev.backplane.adapters.cli;

/** The exit codes of {@code backplane}; the README lists them too. */
final class ExitCodes {
  static final int OK = 0;
  /** Invalid input: a domain breaking a rule, an unknown machine, an unreadable or malformed file. */
  static final int INVALID_INPUT = 1;
  /** Usage: unknown option, missing parameter, bad option value. */
  static final int USAGE = 2;
  /** Environment: no machine plugins found, output cannot be written. */
  static final int ENVIRONMENT = 3;
  /** A bug in Backplane: the message and stack trace go to stderr. */
  static final int INTERNAL = 4;

  private ExitCodes() {}
}
