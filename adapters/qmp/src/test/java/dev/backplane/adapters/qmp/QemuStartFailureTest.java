package dev.backplane.adapters.qmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each way a start can fail gives a typed error in time and leaves no process behind. */
class QemuStartFailureTest {

  @Test
  @Tag("qemu")
  void unknownDeviceGivesStartExceptionWithQemusMessage() {
    String binary = QemuBinaries.require("qemu-system-x86_64");
    Set<Long> before = Processes.descendants();
    QemuStartException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> assertThrows(QemuStartException.class, () -> Qmp.start(
            QemuLaunch.builder(binary).machine("q35").device("no-such-device").build())));
    assertEquals(1, e.exitCode());
    assertTrue(e.qemuMessage().orElseThrow()
        .contains("'no-such-device' is not a valid device model name"), e.getMessage());
    assertTrue(e.getMessage().startsWith(binary + ": exited with status 1"), e.getMessage());
    Processes.assertNoneLeftBesides(before);
  }

  @Test
  void missingBinaryOnPathGivesNotFound() {
    QemuNotFoundException e = assertThrows(QemuNotFoundException.class,
        () -> Qmp.start(QemuLaunch.builder("qemu-system-backplane-missing").build()));
    assertEquals("qemu-system-backplane-missing", e.binary());
    assertTrue(e.getMessage().contains("not found on PATH"), e.getMessage());
  }

  @Test
  void missingBinaryPathGivesNotFoundWithInstallHint(@TempDir Path directory) {
    String binary = directory.resolve("qemu-system-x86_64").toString();
    QemuNotFoundException e = assertThrows(QemuNotFoundException.class,
        () -> Qmp.start(QemuLaunch.builder(binary).build()));
    assertEquals(binary + ": no executable file at " + binary, e.getMessage());
    assertTrue(Binaries.notFound("qemu-system-s390x").contains("apt-get install qemu-system-misc"));
  }

  @Test
  void hangingBinaryTimesOutAndIsKilledWithItsChildren(@TempDir Path directory) throws Exception {
    try (FakeQemu fake = FakeQemu.hanging(directory)) {
      Set<Long> before = Processes.descendants();
      long started = System.nanoTime();
      QmpTimeoutException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
          () -> assertThrows(QmpTimeoutException.class, () -> Qmp.start(
              QemuLaunch.builder(fake.binary())
                  .startTimeout(Duration.ofSeconds(1))
                  .shutdownGrace(Duration.ofMillis(500))
                  .build())));
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      assertTrue(took.compareTo(Duration.ofSeconds(1)) >= 0 && took.compareTo(Duration.ofSeconds(3)) < 0,
          "took " + took);
      assertEquals(Duration.ofSeconds(1), e.timeout());
      assertTrue(e.getMessage().contains("did not accept a connection within 1 s"), e.getMessage());
      fake.pids().forEach(Processes::assertDead);
      Processes.assertNoneLeftBesides(before);
      assertFalse(Files.exists(fake.socket().getParent()), "the private directory is deleted");
    }
  }

  @Test
  void garbageOnTheMonitorGivesProtocolException(@TempDir Path directory) throws Exception {
    try (FakeQemu fake = FakeQemu.serving(directory, monitor -> {
      monitor.send("this is not QMP");
      monitor.idle();
    })) {
      Set<Long> before = Processes.descendants();
      QmpProtocolException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
          () -> assertThrows(QmpProtocolException.class, () -> Qmp.start(
              QemuLaunch.builder(fake.binary()).shutdownGrace(Duration.ofMillis(500)).build())));
      assertTrue(e.getMessage().contains("not a QMP message: this is not QMP"), e.getMessage());
      fake.pids().forEach(Processes::assertDead);
      Processes.assertNoneLeftBesides(before);
      assertFalse(Files.exists(fake.socket().getParent()), "the private directory is deleted");
    }
  }

  @Test
  void monitorWithoutGreetingGivesProtocolException(@TempDir Path directory) throws Exception {
    try (FakeQemu fake = FakeQemu.serving(directory, monitor -> {
      monitor.send("{\"return\": {}}");
      monitor.idle();
    })) {
      QmpProtocolException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
          () -> assertThrows(QmpProtocolException.class, () -> Qmp.start(
              QemuLaunch.builder(fake.binary()).shutdownGrace(Duration.ofMillis(500)).build())));
      assertTrue(e.getMessage().contains("expected the QMP greeting"), e.getMessage());
      fake.pids().forEach(Processes::assertDead);
    }
  }

  @Test
  void daemonizeIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> QemuLaunch.builder("qemu-system-x86_64").arguments("-daemonize").build());
    assertTrue(e.getMessage().startsWith("arguments: -daemonize is not allowed"), e.getMessage());
  }
}
