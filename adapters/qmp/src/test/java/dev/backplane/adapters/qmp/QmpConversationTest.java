package dev.backplane.adapters.qmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replies, events and timeouts on a scripted monitor (no real QEMU needed). */
class QmpConversationTest {

  private static String event(String name, int seconds) {
    return "{\"timestamp\": {\"seconds\": " + seconds + ", \"microseconds\": 5}, \"event\": \""
        + name + "\"}";
  }

  @Test
  void eventsAndLateRepliesAreNotTakenForTheReply(@TempDir Path directory) throws Exception {
    try (FakeQemu fake = FakeQemu.serving(directory, monitor -> {
      monitor.greet();
      String id = monitor.readCommandId();
      monitor.send(event("RESUME", 100));
      monitor.send("{\"return\": {\"status\": \"stale\"}, \"id\": \"backplane-0\"}");
      monitor.send(event("STOP", 101));
      monitor.send("{\"return\": {\"status\": \"running\"}, \"id\": " + id + "}");
      monitor.idle();
    })) {
      assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
        try (QemuInstance qemu = Qmp.start(
            QemuLaunch.builder(fake.binary()).shutdownGrace(Duration.ofMillis(300)).build())) {
          assertEquals("7.2.0", qemu.qemuVersion());
          assertEquals("running", qemu.execute("query-status").path("status").asText());
          assertEquals(List.of("RESUME", "STOP"), qemu.events().stream().map(QmpEvent::name).toList());
          QmpEvent stop = qemu.awaitEvent("STOP", Duration.ofMillis(100));
          assertEquals(Instant.ofEpochSecond(101, 5_000), stop.timestamp());
          assertTrue(stop.data().isEmpty());
          assertEquals(List.of("RESUME"), qemu.drainEvents().stream().map(QmpEvent::name).toList());
          assertEquals(List.of(), qemu.events());
        }
      });
      fake.pids().forEach(Processes::assertDead);
    }
  }

  @Test
  void eventsBeyondTheCapacityDropTheOldest(@TempDir Path directory) throws Exception {
    try (FakeQemu fake = FakeQemu.serving(directory, monitor -> {
      monitor.greet();
      String id = monitor.readCommandId();
      for (int i = 1; i <= 5; i++) {
        monitor.send(event("E" + i, i));
      }
      monitor.send("{\"return\": {}, \"id\": " + id + "}");
      monitor.idle();
    })) {
      try (QemuInstance qemu = Qmp.start(QemuLaunch.builder(fake.binary())
          .eventCapacity(3).shutdownGrace(Duration.ofMillis(300)).build())) {
        qemu.execute("query-status");
        assertEquals(List.of("E3", "E4", "E5"), qemu.events().stream().map(QmpEvent::name).toList());
      }
      fake.pids().forEach(Processes::assertDead);
    }
  }

  @Test
  void silentMonitorGivesCommandTimeoutAndCloseStillKillsIt(@TempDir Path directory)
      throws Exception {
    try (FakeQemu fake = FakeQemu.serving(directory, monitor -> {
      monitor.greet();
      monitor.idle();
    })) {
      QemuInstance qemu = Qmp.start(
          QemuLaunch.builder(fake.binary()).shutdownGrace(Duration.ofMillis(300)).build());
      try (qemu) {
        long started = System.nanoTime();
        QmpTimeoutException e = assertThrows(QmpTimeoutException.class,
            () -> qemu.execute("query-status", Map.of(), Duration.ofMillis(300)));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(took.compareTo(Duration.ofMillis(300)) >= 0
            && took.compareTo(Duration.ofSeconds(2)) < 0, "took " + took);
        assertEquals(fake.binary() + ": got no reply to query-status within 300 ms", e.getMessage());
      }
      fake.pids().forEach(Processes::assertDead);
    }
  }

  @Test
  void errorWithoutIdAnswersTheCurrentCommand(@TempDir Path directory) throws Exception {
    try (FakeQemu fake = FakeQemu.serving(directory, monitor -> {
      monitor.greet();
      monitor.readCommandId();
      monitor.send("{\"error\": {\"class\": \"GenericError\", \"desc\": \"JSON parse error\"}}");
      monitor.idle();
    })) {
      try (QemuInstance qemu = Qmp.start(
          QemuLaunch.builder(fake.binary()).shutdownGrace(Duration.ofMillis(300)).build())) {
        QmpCommandException e = assertThrows(QmpCommandException.class,
            () -> qemu.execute("query-status"));
        assertEquals(fake.binary() + ": command query-status failed with GenericError"
            + " (QEMU said: JSON parse error)", e.getMessage());
      }
    }
  }
}
