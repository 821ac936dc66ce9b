package dev.backplane.adapters.qmp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry the shutdown hook empties: a process registered after reaping has begun (a worker
 * still starting QEMU while the JVM exits) is stopped at once instead of outliving the JVM.
 */
class ProcessReaperTest {

  private static Process sleeper() throws Exception {
    return new ProcessBuilder("sleep", "60").start();
  }

  @Test
  void reapingStopsRegisteredProcessesAndDeletesTheirDirectories(@TempDir Path dir) throws Exception {
    ProcessReaper reaper = new ProcessReaper();
    Process process = sleeper();
    Path directory = Files.createDirectories(dir.resolve("qemu-1"));
    Files.writeString(directory.resolve("qmp.sock"), "");
    reaper.add(process, directory);
    reaper.reapAll();
    assertTrue(process.waitFor(5, TimeUnit.SECONDS), "the registered process still runs");
    assertFalse(Files.exists(directory), "its directory was left behind");
  }

  @Test
  void aProcessRegisteredAfterReapingBeganIsStoppedAtOnce(@TempDir Path dir) throws Exception {
    ProcessReaper reaper = new ProcessReaper();
    reaper.reapAll();
    Process late = sleeper();
    Path directory = Files.createDirectories(dir.resolve("qemu-2"));
    try {
      reaper.add(late, directory);
      assertTrue(late.waitFor(5, TimeUnit.SECONDS), "a QEMU registered during shutdown would outlive the JVM");
      assertFalse(Files.exists(directory), "its directory was left behind");
    } finally {
      late.destroyForcibly();
    }
  }
}
