package dev.backplane.adapters.qmp;

import java.time.Duration;

final class Durations {
  private Durations() {}

  /** "10 s", "250 ms". */
  static String text(Duration d) {
    long millis = d.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }
}
