package dev.backplane.adapters.qmp;

import java.util.Objects;
import java.util.Optional;

/**
 * A failure talking to, starting or stopping QEMU. The message names the QEMU binary and, when
 * QEMU said something about it (an error reply or its standard error), QEMU's own words.
 *
 * <p>Unchecked, like the rest of this module's exceptions; catch this type to handle them all.
 */
public class QmpException extends RuntimeException {
  private final String binary;
  private final String qemuMessage;

  QmpException(String binary, String message, String qemuMessage, Throwable cause) {
    super(format(binary, message, qemuMessage), cause);
    this.binary = Objects.requireNonNull(binary, "binary");
    this.qemuMessage = qemuMessage == null || qemuMessage.isBlank() ? null : qemuMessage.strip();
  }

  QmpException(String binary, String message, String qemuMessage) {
    this(binary, message, qemuMessage, null);
  }

  /** The QEMU binary involved, as it was resolved (a path) or, when not found, as it was asked for. */
  public String binary() {
    return binary;
  }

  /** What QEMU said: the {@code desc} of an error reply, or its captured standard error. */
  public Optional<String> qemuMessage() {
    return Optional.ofNullable(qemuMessage);
  }

  private static String format(String binary, String message, String qemuMessage) {
    StringBuilder text = new StringBuilder(binary).append(": ").append(message);
    if (qemuMessage != null && !qemuMessage.isBlank()) {
      // one line, so the CLI can print it as one diagnostic
      text.append(" (QEMU said: ").append(qemuMessage.strip().replaceAll("\\s*\\R\\s*", " | "))
          .append(')');
    }
    return text.toString();
  }
}
