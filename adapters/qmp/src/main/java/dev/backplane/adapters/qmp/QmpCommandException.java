package dev.backplane.adapters.qmp;

/** QEMU answered a command with {@code {"error": {"class": ..., "desc": ...}}}. */
public final class QmpCommandException extends QmpException {
  private final String command;
  private final String errorClass;
  private final String description;

  QmpCommandException(String binary, String command, String errorClass, String description) {
    super(binary, "command " + command + " failed with " + errorClass, description);
    this.command = command;
    this.errorClass = errorClass;
    this.description = description;
  }

  /** The QMP command that failed, such as {@code device_add}. */
  public String command() {
    return command;
  }

  /** QEMU's error class, such as {@code GenericError} or {@code CommandNotFound}. */
  public String errorClass() {
    return errorClass;
  }

  /** QEMU's human-readable description of the error. */
  public String description() {
    return description;
  }
}
