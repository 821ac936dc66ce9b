package dev.backplane.adapters.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Probed tables on disk, one file per binary (real path) and probe selection. An entry records
 * the binary's identity (real path, size, modification time, SHA-256 of its content) and QEMU
 * version, the policy fingerprint and the table with its own SHA-256. An entry whose identity,
 * fingerprint or hash does not match, or that does not parse, is probed again and replaced,
 * never trusted. Writes go to a temporary file that is moved into place atomically; processes
 * probing the same binary take a {@link FileLock} on a lock file, threads of one JVM a lock too
 * (a JVM cannot hold two overlapping file locks).
 */
final class ProbeCache {
  /** Version 3: a facts and a policy file of format backplane-machines/2. */
  static final String FORMAT = "backplane-probe-cache/3";
  private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  private final Path dir;

  ProbeCache(Path dir) {
    this.dir = dir;
  }

  /** The binary's identity as the cache keys it. */
  record Identity(String realPath, long size, long mtimeMillis, String sha256) {
    static Identity of(Path binary) throws IOException {
      Path real = binary.toRealPath();
      BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
      return new Identity(real.toString(), attributes.size(),
          attributes.lastModifiedTime().toMillis(), ProbeCache.sha256(real));
    }
  }

  /** What else an entry must match: the probe's selection and the policy. */
  record Key(String arch, List<String> machines, List<String> layoutOptions, String policy) {}

  ProbeResult getOrProbe(Path binary, Key key, Supplier<ProbeResult> probe) {
    long start = System.nanoTime();
    Identity identity;
    try {
      identity = Identity.of(binary);
    } catch (IOException e) {
      throw new QmpException(binary.toString(), "cannot read the binary to identify it: " + reason(e), null, e);
    }
    Path entry = dir.resolve("probe-" + sha256(identity.realPath() + "\n" + key.arch() + "\n" + key.machines() + "\n"
        + key.layoutOptions()).substring(0, 24) + ".json");
    Lookup first = read(entry, identity, key);
    if (first.result() != null) {
      return first.result().withCacheStatus("cached", elapsed(start));
    }
    ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(entry, p -> new ReentrantLock());
    jvmLock.lock();
    try {
      Files.createDirectories(dir);
      Path lockFile = entry.resolveSibling(entry.getFileName() + ".lock");
      try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
          StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
        Lookup again = read(entry, identity, key); // another process may have probed meanwhile
        if (again.result() != null) {
          return again.result().withCacheStatus("cached", elapsed(start));
        }
        ProbeResult probed = probe.get();
        write(entry, identity, key, probed);
        return probed.withCacheStatus("probed (cache " + again.miss() + ")", elapsed(start));
      }
    } catch (IOException e) {
      throw new QmpException(binary.toString(), "cannot use the probe cache in " + dir + ": " + reason(e)
          + " (fix: use a cache directory that can be written, or probe without the cache)", null, e);
    } finally {
      jvmLock.unlock();
    }
  }

  /** What went wrong with a file, in words rather than an exception's class name. */
  private static String reason(IOException e) {
    if (e instanceof FileAlreadyExistsException) {
      return e.getMessage() + " is not a directory";
    }
    if (e instanceof NoSuchFileException) {
      return e.getMessage() + " cannot be created or found";
    }
    if (e instanceof AccessDeniedException) {
      return e.getMessage() + ": permission denied";
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  /** A cached result, or why there is none. */
  private record Lookup(ProbeResult result, String miss) {}

  private static Lookup read(Path entry, Identity identity, Key key) {
    if (!Files.isRegularFile(entry)) {
      return new Lookup(null, "missing");
    }
    try {
      JsonNode root = ProbeTable.MAPPER.readTree(Files.readString(entry, StandardCharsets.UTF_8));
      String format = root == null ? "" : root.path("format").asText();
      if (format.startsWith("backplane-probe-cache/") && !format.equals(FORMAT)) {
        return new Lookup(null, "stale: written as " + format + ", read as " + FORMAT);
      }
      if (!FORMAT.equals(format)) {
        return new Lookup(null, "corrupt: not a " + FORMAT + " entry");
      }
      JsonNode b = root.path("binary");
      if (!identity.realPath().equals(b.path("path").asText())
          || identity.size() != b.path("size").asLong(-1)
          || identity.mtimeMillis() != b.path("mtimeMillis").asLong(-1)
          || !identity.sha256().equals(b.path("sha256").asText())) {
        return new Lookup(null, "stale: the binary changed");
      }
      if (!key.policy().equals(root.path("policy").asText())) {
        return new Lookup(null, "stale: the built-in machine knowledge changed");
      }
      String table = root.path("table").asText("");
      String policy = root.path("policyTable").asText("");
      if (!sha256(table + policy).equals(root.path("tableSha256").asText())) {
        return new Lookup(null, "corrupt: table hash mismatch");
      }
      List<String> machines = new ArrayList<>();
      root.path("qemuMachines").forEach(m -> machines.add(m.asText()));
      List<SkippedMachine> skipped = new ArrayList<>();
      root.path("skipped").forEach(s ->
          skipped.add(new SkippedMachine(s.path("name").asText(), s.path("reason").asText())));
      return new Lookup(new ProbeResult(identity.realPath(), root.path("arch").asText(),
          root.path("qemuVersion").asText(), table, policy, machines, skipped, "cached",
          java.time.Duration.ZERO), null);
    } catch (IOException | RuntimeException e) { // unreadable, not JSON, or a table that does not parse
      return new Lookup(null, "corrupt: " + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  private void write(Path entry, Identity identity, Key key, ProbeResult result) throws IOException {
    ObjectNode root = ProbeTable.MAPPER.createObjectNode();
    root.put("format", FORMAT);
    ObjectNode b = root.putObject("binary");
    b.put("path", identity.realPath());
    b.put("size", identity.size());
    b.put("mtimeMillis", identity.mtimeMillis());
    b.put("sha256", identity.sha256());
    root.put("qemuVersion", result.qemuVersion());
    root.put("arch", result.arch());
    root.put("policy", key.policy());
    ArrayNode machines = root.putArray("qemuMachines");
    result.qemuMachines().forEach(machines::add);
    ArrayNode skipped = root.putArray("skipped");
    result.skipped().forEach(s -> skipped.addObject().put("name", s.name()).put("reason", s.reason()));
    root.put("tableSha256", sha256(result.tableJson() + result.policyJson()));
    root.put("table", result.tableJson());
    root.put("policyTable", result.policyJson());
    Path temp = Files.createTempFile(dir, entry.getFileName().toString(), ".tmp");
    try {
      Files.writeString(temp, ProbeTable.MAPPER.writeValueAsString(root), StandardCharsets.UTF_8);
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      try {
        Files.move(temp, entry, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) { // a file system without atomic renames
        Files.move(temp, entry, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static java.time.Duration elapsed(long start) {
    return java.time.Duration.ofNanos(System.nanoTime() - start);
  }

  static String sha256(String text) {
    return HexFormat.of().formatHex(digest().digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  static String sha256(Path file) throws IOException {
    MessageDigest digest = digest();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  static Optional<Path> defaultDir() {
    String explicit = System.getenv("BACKPLANE_CACHE_DIR");
    if (explicit != null && !explicit.isBlank()) {
      return Optional.of(Path.of(explicit));
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return Optional.of(Path.of(xdg, "backplane"));
    }
    String home = System.getProperty("user.home");
    return home == null || home.isBlank() ? Optional.empty()
        : Optional.of(Path.of(home, ".cache", "backplane"));
  }
}
