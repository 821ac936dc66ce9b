package dev.backplane.spi.support;

import dev.backplane.spi.Stable;

/**
 * A machine table breaks the table format: an unknown or misspelled key, a value of the wrong
 * type, an unsupported format version or a reference to something the table does not have. The
 * message names the table, the key path (such as {@code families.q35.defaults.nicModel}) and a fix.
 */
@Stable
public final class MachineTableException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String origin;
  private final String path;
  private final String problem;
  private final String fix;

  MachineTableException(String origin, String path, String problem, String fix) {
    super("machine table " + origin + ": " + (path.isEmpty() ? "" : path + ": ") + problem
        + (fix.isEmpty() ? "" : " (fix: " + fix + ")"));
    this.origin = origin;
    this.path = path;
    this.problem = problem;
    this.fix = fix;
  }

  /** {@return the file or resource the table came from} */
  public String origin() {
    return origin;
  }

  /**
   * {@return where in the table, such as {@code families.q35.defaults.nicModel}; empty for the table}
   */
  public String path() {
    return path;
  }

  /** {@return what is wrong, in words} */
  public String problem() {
    return problem;
  }

  /** {@return how to fix it, in words} */
  public String fix() {
    return fix;
  }
}
