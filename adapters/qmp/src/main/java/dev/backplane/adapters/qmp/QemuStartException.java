package dev.backplane.adapters.qmp;

/**
 * QEMU exited before its QMP monitor was ready, usually because it refused its arguments (an
 * unknown {@code -device}, a bus that does not exist). {@link #qemuMessage()} holds its standard
 * error.
 */
public final class QemuStartException extends QmpException {
  private final int exitCode;

  QemuStartException(String binary, int exitCode, String stderr, Throwable cause) {
    super(binary, "exited with status " + exitCode + " before its QMP monitor was ready", stderr,
        cause);
    this.exitCode = exitCode;
  }

  /** QEMU's exit status. */
  public int exitCode() {
    return exitCode;
  }
}
