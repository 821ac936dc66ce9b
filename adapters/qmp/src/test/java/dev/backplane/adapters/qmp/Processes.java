package dev.backplane.adapters.qmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Assertions that no QEMU (or fake) outlives a test. */
final class Processes {
  private Processes() {}

  /** The pids of this JVM's live descendants. */
  static Set<Long> descendants() {
    return ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
  }

  /** Asserts that no descendant started after {@code before} is still alive. */
  static void assertNoneLeftBesides(Set<Long> before) {
    List<String> left = ProcessHandle.current().descendants()
        .filter(p -> !before.contains(p.pid()) && alive(p.pid()))
        .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
        .toList();
    assertEquals(List.of(), left, "processes left behind");
  }

  /** Asserts that {@code pid} (which need not be our child any more) is dead, after a short wait. */
  static void assertDead(long pid) {
    // onExit() polls slowly for processes that are not our children; poll faster here
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (alive(pid) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    assertFalse(alive(pid), "process " + pid + " is still alive");
  }

  /**
   * Alive and not a zombie: a killed grandchild is re-parented to PID 1, which may take its time
   * to reap it, and {@link ProcessHandle#isAlive()} counts zombies as alive.
   */
  private static boolean alive(long pid) {
    if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return !stat.substring(stat.lastIndexOf(')') + 1).strip().startsWith("Z");
    } catch (IOException | RuntimeException e) {
      return !Files.isDirectory(Path.of("/proc", "self")); // no procfs: trust isAlive
    }
  }
}
