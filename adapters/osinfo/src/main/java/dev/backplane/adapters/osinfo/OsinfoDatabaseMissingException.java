package dev.backplane.adapters.osinfo;

import java.nio.file.Path;
import java.util.List;

/** No osinfo-db where it was looked for: an environment problem, fixed by installing the package. */
public final class OsinfoDatabaseMissingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<Path> searched;

  OsinfoDatabaseMissingException(List<Path> searched, String why) {
    super("no osinfo-db " + why + " (looked in " + String.join(", ",
        searched.stream().map(Path::toString).toList()) + "); install it: apt-get install osinfo-db"
        + " (Debian, Ubuntu) or dnf install osinfo-db (Fedora)");
    this.searched = List.copyOf(searched);
  }

  /** The directories looked in. */
  public List<Path> searched() {
    return searched;
  }
}
