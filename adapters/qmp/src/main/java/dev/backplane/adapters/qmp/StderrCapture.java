package dev.backplane.adapters.qmp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Drains a process's standard error on a daemon thread, keeping the first and the last
 * {@value #KEEP} bytes: the first lines say why QEMU refused to start, the last ones why it died.
 */
final class StderrCapture {
  static final int KEEP = 8 * 1024;

  private final byte[] head = new byte[KEEP];
  private int headLength;
  private final byte[] tail = new byte[KEEP];
  private int tailStart; // ring buffer
  private int tailLength;
  private long omitted;
  private final Thread thread;

  private StderrCapture(InputStream in, String name) {
    thread = new Thread(() -> pump(in), name);
    thread.setDaemon(true);
  }

  static StderrCapture start(InputStream in, long pid) {
    StderrCapture capture = new StderrCapture(in, "qemu-stderr-" + pid);
    capture.thread.start();
    return capture;
  }

  private void pump(InputStream in) {
    byte[] buffer = new byte[4096];
    try (in) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        append(buffer, n);
      }
    } catch (IOException e) {
      // the process is gone or the stream was closed; what was read is kept
    }
  }

  private synchronized void append(byte[] bytes, int length) {
    int offset = 0;
    if (headLength < KEEP) {
      int n = Math.min(length, KEEP - headLength);
      System.arraycopy(bytes, 0, head, headLength, n);
      headLength += n;
      offset = n;
    }
    for (int i = offset; i < length; i++) {
      if (tailLength == KEEP) {
        tailStart = (tailStart + 1) % KEEP;
        tailLength--;
        omitted++;
      }
      tail[(tailStart + tailLength) % KEEP] = bytes[i];
      tailLength++;
    }
  }

  /** Waits up to {@code millis} for the stream to end (the process has exited). */
  void awaitEnd(long millis) {
    try {
      thread.join(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  synchronized String text() {
    StringBuilder text = new StringBuilder(new String(head, 0, headLength, StandardCharsets.UTF_8));
    if (omitted > 0) {
      text.append("\n[... ").append(omitted).append(" bytes omitted ...]\n");
    }
    byte[] ordered = new byte[tailLength];
    for (int i = 0; i < tailLength; i++) {
      ordered[i] = tail[(tailStart + i) % KEEP];
    }
    text.append(new String(ordered, StandardCharsets.UTF_8));
    return text.toString();
  }
}
