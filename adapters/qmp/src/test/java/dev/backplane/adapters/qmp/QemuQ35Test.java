package dev.backplane.adapters.qmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** End-to-end through {@link Qmp#start} against a real qemu-system-x86_64. */
@Tag("qemu")
class QemuQ35Test {
  private static final Duration LIMIT = Duration.ofSeconds(15);

  private static QemuLaunch.Builder q35() {
    return QemuLaunch.builder(QemuBinaries.require("qemu-system-x86_64")).machine("q35");
  }

  @Test
  void q35ShowsIch9LpcAt1f0InQueryPciAndQtree() {
    long pid = assertTimeoutPreemptively(LIMIT, () -> {
      try (QemuInstance qemu = Qmp.start(q35().build())) {
        assertTrue(qemu.qemuVersion().matches("\\d+\\.\\d+\\.\\d+"), qemu.qemuVersion());

        JsonNode machines = qemu.execute("query-machines");
        assertTrue(StreamSupport.stream(machines.spliterator(), false)
            .anyMatch(m -> "q35".equals(m.path("alias").asText())), "q35 alias in query-machines");

        JsonNode lpc = StreamSupport.stream(qemu.execute("query-pci").get(0).path("devices").spliterator(), false)
            .filter(d -> d.path("slot").asInt() == 0x1f && d.path("function").asInt() == 0)
            .findFirst().orElseThrow();
        assertEquals(0x8086, lpc.path("id").path("vendor").asInt());
        assertEquals(0x2918, lpc.path("id").path("device").asInt()); // ICH9 LPC
        assertEquals("ISA bridge", lpc.path("class_info").path("desc").asText());

        String qtree = qemu.humanMonitorCommand("info qtree");
        assertTrue(Pattern.compile("dev: ICH9-LPC, id \"\"\\n(\\s+.*\\n)*?\\s+addr = 1f\\.0\\n")
            .matcher(qtree).find(), qtree);
        return qemu.pid();
      }
    });
    Processes.assertDead(pid);
  }

  @Test
  void deviceArgumentsAppearInQtree() {
    long pid = assertTimeoutPreemptively(LIMIT, () -> {
      try (QemuInstance qemu = Qmp.start(q35()
          .device("pcie-root-port,id=rp1,bus=pcie.0,chassis=1,addr=04.0")
          .device("virtio-net-pci,id=nic0,bus=rp1")
          .build())) {
        String qtree = qemu.humanMonitorCommand("info qtree");
        assertTrue(Pattern.compile("dev: pcie-root-port, id \"rp1\"\\n(\\s+.*\\n)*?\\s+addr = 04\\.0\\n")
            .matcher(qtree).find(), qtree);
        assertTrue(Pattern.compile("bus: rp1\\n\\s+type PCIE\\n\\s+dev: virtio-net-pci, id \"nic0\"\\n")
            .matcher(qtree).find(), qtree);
        return qemu.pid();
      }
    });
    Processes.assertDead(pid);
  }

  @Test
  void commandErrorCarriesQemuClassAndDescriptionAndLeavesTheConnectionUsable() {
    assertTimeoutPreemptively(LIMIT, () -> {
      try (QemuInstance qemu = Qmp.start(q35().build())) {
        QmpCommandException e = assertThrows(QmpCommandException.class,
            () -> qemu.execute("device_add", Map.of("driver", "no-such-device")));
        assertEquals("device_add", e.command());
        assertEquals("GenericError", e.errorClass());
        assertTrue(e.description().contains("no-such-device"), e.description());
        assertTrue(e.getMessage().startsWith(qemu.binary() + ": "), e.getMessage());
        assertEquals("prelaunch", qemu.execute("query-status").path("status").asText());
      }
    });
  }

  @Test
  void quitSetsTheShutdownEventAsideAndLaterCallsFailAsClosed() {
    long pid = assertTimeoutPreemptively(LIMIT, () -> {
      try (QemuInstance qemu = Qmp.start(q35().build())) {
        assertTrue(qemu.execute("quit").isEmpty());
        // QEMU sends SHUTDOWN before the reply to quit: it must not be taken for the reply
        assertEquals(List.of("SHUTDOWN"), qemu.events().stream().map(QmpEvent::name).toList());
        assertEquals("host-qmp-quit", qemu.awaitEvent("SHUTDOWN", Duration.ofSeconds(1))
            .data().path("reason").asText());

        QmpProtocolException e = assertThrows(QmpProtocolException.class,
            () -> qemu.execute("query-status"));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        return qemu.pid();
      }
    });
    Processes.assertDead(pid);
  }

  @Test
  void closeStopsQemuAndIsIdempotent() {
    QemuInstance qemu = assertTimeoutPreemptively(LIMIT, () -> Qmp.start(q35().build()));
    ProcessHandle handle = ProcessHandle.of(qemu.pid()).orElseThrow();
    assertTrue(handle.isAlive());
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      qemu.close();
      qemu.close();
    });
    Processes.assertDead(qemu.pid());
    assertThrows(QmpProtocolException.class, () -> qemu.execute("query-status"));
  }

  @Test
  void aKilledQemuGivesAProtocolErrorNamingTheBinaryAndLeavesNothingBehind() {
    long pid = assertTimeoutPreemptively(LIMIT, () -> {
      try (QemuInstance qemu = Qmp.start(q35().build())) {
        ProcessHandle.of(qemu.pid()).orElseThrow().destroyForcibly(); // SIGKILL from outside

        QmpProtocolException e = assertThrows(QmpProtocolException.class,
            () -> qemu.execute("query-status"));
        assertTrue(e.getMessage().contains("qemu-system-x86_64"), e.getMessage());
        return qemu.pid();
      }
    });
    Processes.assertDead(pid);
  }
}
