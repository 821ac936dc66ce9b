package dev.backplane.adapters.cli;

import dev.backplane.adapters.libvirtxml.LibvirtDocument;
import dev.backplane.adapters.osinfo.GuestOs;
import dev.backplane.adapters.osinfo.GuestOsModels;
import dev.backplane.adapters.osinfo.OsinfoDatabase;
import dev.backplane.adapters.osinfo.OsinfoDatabaseMissingException;
import dev.backplane.adapters.osinfo.OsinfoDatabaseUnreadableException;
import dev.backplane.adapters.osinfo.UnknownGuestOsException;
import dev.backplane.core.model.Domain;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * {@code --os} and {@code --osinfo-db} of {@code plan} and {@code verify}: the guest OS whose
 * drivers choose the virtio models ({@link GuestOsModels}), from the flag or else the domain's
 * libosinfo metadata. Without either, the domain is planned as written. osinfo-db is read once per
 * run, when first needed.
 */
final class GuestOsOptions {

  @Option(names = "--os", paramLabel = "ID",
      description = "The guest OS, as an osinfo-db short id (centos6.10, win2k8r2, fedora37) or full "
          + "id (http://redhat.com/rhel/6.10); wins over the domain's <libosinfo:os id>. virtio "
          + "devices become virtio-transitional where the OS has only the legacy driver, and are "
          + "refused where it has none. Needs osinfo-db (apt-get install osinfo-db).")
  String os;

  @Option(names = "--osinfo-db", paramLabel = "DIR",
      description = "Read osinfo-db from DIR alone (default: libosinfo's locations: "
          + "/usr/share/osinfo, /etc/osinfo, ~/.config/osinfo).")
  Path osinfoDb;

  /** libosinfo's standard locations; a test stands in an empty directory for a missing package. */
  Supplier<OsinfoDatabase> standardDatabase = OsinfoDatabase::standard;
  private OsinfoDatabase database;

  @Inject
  GuestOsOptions() {}

  /**
   * The domain of {@code document} with virtio models chosen for its guest OS, if one is named.
   * A domain whose metadata names an OS is planned as written when no osinfo-db is installed, with
   * a note on {@code stderr}; {@code --os} needs the database.
   *
   * @throws CliException exit 3 when {@code --os} is given and no osinfo-db is found; exit 1 when
   *     the OS is unknown
   */
  Domain domainFor(LibvirtDocument document, boolean explain, PrintStream stderr) {
    String id = os != null ? os : document.osinfoId().orElse(null);
    if (id == null) {
      return document.domain();
    }
    String where = os != null ? "--os " + os
        : document.sourceName() + " <libosinfo:os id='" + id + "'>";
    OsinfoDatabase db;
    try {
      db = database();
    } catch (OsinfoDatabaseMissingException | OsinfoDatabaseUnreadableException e) {
      if (os == null && osinfoDb == null) {
        stderr.println("backplane: " + where + ": ignored, virtio models are kept as written: " + e.getMessage());
        return document.domain();
      }
      throw CliException.environment(where + ": " + e.getMessage(), e);
    }
    GuestOs guest;
    try {
      guest = db.guestOs(id);
    } catch (UnknownGuestOsException e) {
      throw CliException.invalidInput(where + ": " + e.getMessage(), e);
    }
    return GuestOsModels.apply(document.domain(), guest, explain);
  }

  private synchronized OsinfoDatabase database() {
    if (database == null) {
      database = osinfoDb != null ? OsinfoDatabase.directory(osinfoDb) : standardDatabase.get();
    }
    return database;
  }
}
