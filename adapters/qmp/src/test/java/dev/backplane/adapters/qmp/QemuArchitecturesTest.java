package dev.backplane.adapters.qmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The other architectures' default boards start paused under TCG and answer QMP. */
@Tag("qemu")
class QemuArchitecturesTest {

  private static void startsPaused(String binary, String machine) {
    long pid = assertTimeoutPreemptively(Duration.ofSeconds(15), () -> {
      try (QemuInstance qemu = Qmp.start(
          QemuLaunch.builder(QemuBinaries.require(binary)).machine(machine).build())) {
        assertEquals("prelaunch", qemu.execute("query-status").path("status").asText());
        return qemu.pid();
      }
    });
    Processes.assertDead(pid);
  }

  @Test
  void aarch64VirtStartsPaused() {
    startsPaused("qemu-system-aarch64", "virt");
  }

  @Test
  void ppc64PseriesStartsPaused() {
    startsPaused("qemu-system-ppc64", "pseries");
  }

  @Test
  void s390xCcwVirtioStartsPaused() {
    startsPaused("qemu-system-s390x", "s390-ccw-virtio");
  }
}
