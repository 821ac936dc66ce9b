package dev.backplane.adapters.osinfo;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The osinfo-db package installed on this machine ({@code .ci/run} installs it): tests read the real
 * database, never a copy. Without it they are skipped, unless {@code CI=true}.
 */
final class InstalledDatabase {
  static final Path SYSTEM = Path.of("/usr/share/osinfo");
  private static OsinfoDatabase database;

  private InstalledDatabase() {}

  static synchronized OsinfoDatabase get() {
    if (!Files.isDirectory(SYSTEM.resolve("os"))) {
      if ("true".equals(System.getenv("CI"))) {
        fail("osinfo-db is not installed in " + SYSTEM + ", and CI=true requires these tests to run");
      }
      Assumptions.abort("osinfo-db is not installed in " + SYSTEM + " (apt-get install osinfo-db)");
    }
    if (database == null) {
      database = OsinfoDatabase.directory(SYSTEM);
    }
    return database;
  }
}
