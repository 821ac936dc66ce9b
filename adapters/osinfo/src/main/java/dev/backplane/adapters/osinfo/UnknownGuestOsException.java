package dev.backplane.adapters.osinfo;

import java.util.List;

/** An OS id that osinfo-db does not know, with the known short ids closest to it. */
public final class UnknownGuestOsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String id;
  private final List<String> suggestions;

  UnknownGuestOsException(String id, List<String> suggestions) {
    super("osinfo-db knows no OS '" + id + "'" + (suggestions.isEmpty() ? ""
        : " (close ones: " + String.join(", ", suggestions) + ")")
        + "; `osinfo-query os` lists the short ids");
    this.id = id;
    this.suggestions = List.copyOf(suggestions);
  }

  public String id() {
    return id;
  }

  public List<String> suggestions() {
    return suggestions;
  }
}
