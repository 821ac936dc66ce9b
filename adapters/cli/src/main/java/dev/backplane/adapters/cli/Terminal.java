package dev.backplane.adapters.cli;

/** Whether progress may be drawn on stderr. */
final class Terminal {
  /** Set by the {@code backplane} launcher, which can ask the shell whether stderr is a terminal. */
  static final String STDERR_PROPERTY = "backplane.stderr.terminal";

  private Terminal() {}

  /**
   * True when stderr is a terminal: as the launcher says, else (run with {@code java -jar}) when
   * the JVM has a console, which needs standard input and output to be terminals too.
   */
  static boolean stderrIsTerminal() {
    String said = System.getProperty(STDERR_PROPERTY);
    return said != null ? Boolean.parseBoolean(said) : System.console() != null;
  }
}
