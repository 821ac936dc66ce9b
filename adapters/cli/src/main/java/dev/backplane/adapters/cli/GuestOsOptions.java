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
import java.nio.file.Path;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * {@code --os} and {@code --osinfo-db} of {@code plan} and {@code verify}: the guest OS whose
 * drivers choose the virtio models ({@link GuestOsModels}), named by the flag, or with
 * {@code --os domain} by each domain's libosinfo metadata. Without the flag the domain is planned
 * as written, as libvirt 9.0 plans it (its metadata changes nothing: the guest-aware choice is
 * opt-in). osinfo-db is read once per run, when first needed.
 */
final class GuestOsOptions {
  /** {@code --os domain}: the OS each domain's {@code <libosinfo:os id>} names. */
  static final String FROM_DOMAIN = "domain";

  @Option(names = "--os", paramLabel = "ID|domain",
      description = "The guest OS, as an osinfo-db short id (centos6.10, win2k8r2, fedora37) or full "
          + "id (http://redhat.com/rhel/6.10), or 'domain': the one each domain's <libosinfo:os id> "
          + "names (virt-install writes it). virtio devices become virtio-transitional where the OS "
          + "has only the legacy driver, and are refused where it has none. Without --os the domain "
          + "is planned as libvirt plans it. Needs osinfo-db (apt-get install osinfo-db).")
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
   * The domain of {@code document} with virtio models chosen for its guest OS, if {@code --os}
   * names one (or, with {@code --os domain}, its metadata does).
   *
   * @throws CliException exit 3 when an OS is named and no osinfo-db is found; exit 1 when the OS
   *     is unknown
   */
  Domain domainFor(LibvirtDocument document, boolean explain) {
    boolean fromDomain = FROM_DOMAIN.equals(os);
    String id = fromDomain ? document.osinfoId().orElse(null) : os;
    if (id == null) {
      return document.domain();
    }
    String where = fromDomain ? document.sourceName() + " <libosinfo:os id='" + id + "'>" : "--os " + os;
    OsinfoDatabase db;
    try {
      db = database();
    } catch (OsinfoDatabaseMissingException | OsinfoDatabaseUnreadableException e) {
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
