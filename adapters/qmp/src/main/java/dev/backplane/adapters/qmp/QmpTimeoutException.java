package dev.backplane.adapters.qmp;

import java.time.Duration;

/**
 * QEMU did not answer, or did not become ready, in time. The process is left running; closing
 * the {@link QemuInstance} stops it (a failed {@link Qmp#start} has already stopped it).
 */
public final class QmpTimeoutException extends QmpException {
  private final Duration timeout;

  QmpTimeoutException(String binary, String message, Duration timeout, String qemuMessage) {
    super(binary, message + " within " + Durations.text(timeout), qemuMessage);
    this.timeout = timeout;
  }

  /** The time limit that ran out. */
  public Duration timeout() {
    return timeout;
  }
}
