package dev.backplane.adapters.qmp;

import java.util.Comparator;

/** Orders machine type names by their version numbers: {@code pc-q35-7.2} before {@code pc-q35-2.12}. */
final class Names {
  private Names() {}

  static final Comparator<String> NEWEST_FIRST = Names::compareNewestFirst;

  private static int compareNewestFirst(String a, String b) {
    String[] x = a.split("(?<=\\d)(?=\\D)|(?<=\\D)(?=\\d)");
    String[] y = b.split("(?<=\\d)(?=\\D)|(?<=\\D)(?=\\d)");
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      int c;
      if (Character.isDigit(x[i].charAt(0)) && Character.isDigit(y[i].charAt(0))) {
        c = Long.compare(Long.parseLong(y[i]), Long.parseLong(x[i])); // higher numbers first
      } else {
        c = x[i].compareTo(y[i]);
      }
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(y.length, x.length);
  }
}
