package dev.backplane.adapters.osinfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The operating systems of an osinfo-db (Debian's and Fedora's {@code osinfo-db} package), read
 * once. {@link #standard()} reads libosinfo's locations, in its order: the system database
 * ({@code $OSINFO_SYSTEM_DIR}, else {@code /usr/share/osinfo}), the local one
 * ({@code $OSINFO_LOCAL_DIR}, else {@code /etc/osinfo}) and the user's ({@code $OSINFO_USER_DIR},
 * else {@code $XDG_CONFIG_HOME/osinfo}, else {@code ~/.config/osinfo}); a file in a later one
 * replaces the same file of an earlier one. Thread-safe once built.
 */
public final class OsinfoDatabase {
  private final List<Path> directories;
  private final OsinfoFiles.Contents contents;
  private final Map<String, String> uriByShortId = new LinkedHashMap<>();

  private OsinfoDatabase(List<Path> directories, OsinfoFiles.Contents contents) {
    this.directories = List.copyOf(directories);
    this.contents = contents;
    contents.oses().values().forEach(os -> os.shortIds.forEach(id -> uriByShortId.putIfAbsent(id, os.uri)));
  }

  /**
   * The database in libosinfo's standard locations.
   *
   * @throws OsinfoDatabaseMissingException when none of them has an {@code os} directory
   * @throws OsinfoDatabaseUnreadableException when a file of the database cannot be read
   */
  public static OsinfoDatabase standard() {
    return load(standardDirectories(System.getenv(), System.getProperty("user.home")));
  }

  /**
   * The database in {@code directory} alone (a directory with {@code os/} and {@code device/}).
   *
   * @throws OsinfoDatabaseMissingException when it has no {@code os} directory
   * @throws OsinfoDatabaseUnreadableException when a file of the database cannot be read
   */
  public static OsinfoDatabase directory(Path directory) {
    return load(List.of(directory));
  }

  /** libosinfo's locations for these environment variables and home directory, in reading order. */
  static List<Path> standardDirectories(Map<String, String> env, String home) {
    String config = env.getOrDefault("XDG_CONFIG_HOME", "");
    Path userConfig = config.isBlank() ? Path.of(home, ".config") : Path.of(config);
    return List.of(
        Path.of(env.getOrDefault("OSINFO_SYSTEM_DIR", "/usr/share/osinfo")),
        Path.of(env.getOrDefault("OSINFO_LOCAL_DIR", "/etc/osinfo")),
        env.containsKey("OSINFO_USER_DIR") ? Path.of(env.get("OSINFO_USER_DIR")) : userConfig.resolve("osinfo"));
  }

  static OsinfoDatabase load(List<Path> directories) {
    if (directories.stream().noneMatch(d -> Files.isDirectory(d.resolve("os")))) {
      throw new OsinfoDatabaseMissingException(directories, "is installed");
    }
    OsinfoFiles.Contents contents;
    try {
      contents = OsinfoFiles.read(directories);
    } catch (IOException e) {
      throw new OsinfoDatabaseUnreadableException(e.getMessage(), e);
    }
    if (contents.oses().isEmpty()) {
      throw new OsinfoDatabaseMissingException(directories, "has any OS");
    }
    return new OsinfoDatabase(directories, contents);
  }

  /** The directories read, in order. */
  public List<Path> directories() {
    return directories;
  }

  /** How many operating systems the database knows. */
  public int size() {
    return contents.oses().size();
  }

  /**
   * The OS with this short id ({@code centos6.10}) or full id ({@code http://redhat.com/rhel/6.10}).
   *
   * @throws UnknownGuestOsException when the database has no such OS
   */
  public GuestOs guestOs(String id) {
    String uri = contents.oses().containsKey(id) ? id : uriByShortId.get(id);
    if (uri == null) {
      throw new UnknownGuestOsException(id, closest(id));
    }
    OsinfoFiles.OsEntry os = contents.oses().get(uri);
    return new GuestOs(uri, os.shortIds.isEmpty() ? null : os.shortIds.get(0), os.name, devices(os),
        contents.devices());
  }

  /** libosinfo's osinfo_os_get_all_devices: the links along derives-from and clones, less unsupported ones. */
  private Map<String, OsinfoFiles.DeviceEntry> devices(OsinfoFiles.OsEntry os) {
    Set<String> linked = new HashSet<>();
    Set<String> unsupported = new HashSet<>();
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(os.uri));
    while (!todo.isEmpty()) {
      OsinfoFiles.OsEntry entry = contents.oses().get(todo.pop());
      if (entry == null || !seen.add(entry.uri)) {
        continue; // a relation to an OS the database lacks, or one already walked
      }
      entry.links.forEach((device, supported) -> (supported ? linked : unsupported).add(device));
      todo.addAll(entry.derivesFrom);
      todo.addAll(entry.clones);
    }
    linked.removeAll(unsupported);
    Map<String, OsinfoFiles.DeviceEntry> devices = new LinkedHashMap<>();
    for (String uri : linked) {
      devices.put(uri, contents.devices().getOrDefault(uri, new OsinfoFiles.DeviceEntry(uri, null, null)));
    }
    return devices;
  }

  /** Up to five short ids closest to {@code id} in edit distance. */
  private List<String> closest(String id) {
    String wanted = id.toLowerCase(Locale.ROOT);
    List<String> ids = new ArrayList<>(uriByShortId.keySet());
    ids.sort(Comparator.comparingInt((String s) -> distance(wanted, s)).thenComparing(s -> s));
    int limit = Math.max(2, wanted.length() / 3);
    return ids.stream().filter(s -> distance(wanted, s) <= limit).limit(5).toList();
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
