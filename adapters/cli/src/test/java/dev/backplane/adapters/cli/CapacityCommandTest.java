package dev.backplane.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backplane.adapters.libvirtxml.LibvirtXml;
import dev.backplane.core.Backplane;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.Plan;
import dev.backplane.core.model.PlanChangeException;
import dev.backplane.core.port.in.PlanTopologyCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code plan --capacity}: the count is what hot-plug really takes, one device after another. */
class CapacityCommandTest {
  private static final Path Q35 = Path.of("../../examples/q35-desktop.xml");
  private static final Path PC = Path.of("../../examples/pc-server.xml");

  @Test
  void printsTheCountTheNextAddressAndTheLimit() throws Exception {
    CliRun r = CliRun.of("", "plan", "--capacity", "interface:virtio", Q35.toString());

    assertEquals(0, r.code(), r.err());
    String[] fields = r.out().strip().split("\t");
    assertEquals(4, fields.length, r.out());
    assertEquals("interface:virtio", fields[0]);
    int count = Integer.parseInt(fields[1]);
    assertEquals(addable(Q35, "virtio"), count);
    assertTrue(count == 0 || fields[2].startsWith("pci "), r.out());
    assertTrue(fields[3].contains("hot-plug"), r.out());
  }

  @Test
  void answersEachKindGivenOnOneLineEach() throws Exception {
    CliRun r = CliRun.of("", "plan", "--capacity", "interface:virtio", "--capacity", "disk:virtio",
        "--capacity", "interface:e1000", PC.toString());

    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals(3, lines.size(), r.out());
    assertTrue(lines.get(1).startsWith("disk:virtio\t"), r.out());
    int nics = Integer.parseInt(lines.get(0).split("\t")[1]);
    assertEquals(addable(PC, "virtio"), nics);
    assertTrue(nics > 0, r.out());
    assertEquals(nics, Integer.parseInt(lines.get(2).split("\t")[1]), "e1000 takes a slot as virtio does on pc");
  }

  @Test
  void aKindThatIsNoDeviceElementIsAUsageError() {
    CliRun r = CliRun.of("", "plan", "--capacity", "virtio-net", Q35.toString());

    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().startsWith("backplane: --capacity virtio-net: write KIND:MODEL"), r.err());
    assertEquals("", r.out());
  }

  @Test
  void capacityPrintsNoPlanAndTakesNoFormat() {
    CliRun r = CliRun.of("", "plan", "--capacity", "interface:virtio", "--format", "json", Q35.toString());
    assertEquals(2, r.code(), r.err());
  }

  /** NICs of {@code model} that {@link Backplane#add} takes one after another, counted here. */
  private static int addable(Path file, String model) throws Exception {
    Backplane backplane = Backplane.builder().build();
    Plan plan = backplane.plan(new PlanTopologyCommand(
        LibvirtXml.read(Files.readAllBytes(file), file.toString()).domain()));
    int n = 0;
    while (true) {
      try {
        plan = backplane.add(plan, Device.builder(DeviceKind.INTERFACE).key("nic" + n).type("network")
            .model(model).build());
        n++;
      } catch (PlanChangeException e) {
        return n;
      }
    }
  }
}
