package dev.backplane.adapters.osinfo;

/**
 * An osinfo-db that is there but cannot be read (a file that is not well-formed XML, or one that
 * cannot be opened): an environment problem, fixed by reinstalling the package or removing the file.
 */
public final class OsinfoDatabaseUnreadableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  OsinfoDatabaseUnreadableException(String problem, Throwable cause) {
    super("osinfo-db cannot be read: " + problem + " (fix: reinstall osinfo-db, or remove the file if"
        + " you added it)", cause);
  }
}
