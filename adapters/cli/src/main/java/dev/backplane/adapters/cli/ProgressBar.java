package dev.backplane.adapters.cli;

import java.io.PrintStream;

/**
 * A progress bar on a terminal, {@code [#####.....] 120/300}, redrawn at most every 100 ms so that
 * thousands of steps a second cost nothing. Drawn by one thread.
 */
final class ProgressBar {
  private static final int WIDTH = 30;
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintStream out;
  private final int total;
  private int done;
  private long lastDraw = System.nanoTime() - REDRAW_NANOS;
  private boolean drawn;

  ProgressBar(PrintStream out, int total) {
    this.out = out;
    this.total = total;
  }

  void step() {
    done++;
    long now = System.nanoTime();
    if (total > 0 && (now - lastDraw >= REDRAW_NANOS || done == total)) {
      lastDraw = now;
      int filled = (int) ((long) done * WIDTH / total);
      out.print("\r\033[K[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + done + "/" + total);
      out.flush();
      drawn = true;
    }
  }

  /** Clears the bar so that a message can be printed on its line; the next step redraws it. */
  void clear() {
    if (drawn) {
      out.print("\r\033[K");
      out.flush();
      drawn = false;
      lastDraw = System.nanoTime() - REDRAW_NANOS;
    }
  }
}
