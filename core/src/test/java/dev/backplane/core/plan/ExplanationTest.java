package dev.backplane.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backplane.core.Backplane;
import dev.backplane.core.model.Address;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.Domain;
import dev.backplane.core.model.Explanation;
import dev.backplane.core.model.Plan;
import dev.backplane.core.model.PlanRule;
import dev.backplane.core.port.in.PlanTopologyCommand;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code plan --explain} records for a few decisions, in the rule's own words. */
class ExplanationTest {
  private static final Backplane BACKPLANE = Backplane.builder().build();

  private static Plan explain(String machine, Device... devices) {
    return BACKPLANE.plan(new PlanTopologyCommand(new Domain("x86_64", machine, List.of(devices)), true));
  }

  private static Device nic(String key) {
    return Device.builder(DeviceKind.INTERFACE).key(key).type("network").model("virtio").build();
  }

  private static List<PlanRule> rules(Device d) {
    return d.explanation().reasons().stream().map(Explanation.Reason::rule).toList();
  }

  @Test
  void aVirtioNicOnQ35GoesBehindTheRootPortAddedForIt() {
    Plan plan = explain("q35", nic("n1"));
    Device nic = plan.byKey("n1").orElseThrow();
    Address.Pci at = nic.pciAddress().orElseThrow();
    Device port = plan.controllers().stream()
        .filter(c -> c.isController("pci") && c.index() == at.bus()).findFirst().orElseThrow();

    assertEquals(List.of(PlanRule.PCI_FIRST_FREE), rules(nic));
    String words = nic.explanation().reasons().get(0).text();
    assertTrue(words.contains("a PCI Express device (virtio connection)"), words);
    assertTrue(words.contains("pcie-root-port index " + at.bus() + " at " + port.address()
        + ", added by the planner) gives " + at), words);
    assertTrue(words.contains("bus 0 (pcie-root) does not take devices automatically"), words);
    assertEquals(List.of(PlanRule.PCI_BUS_ADDED, PlanRule.PCI_AGGREGATE), rules(port));
    assertTrue(port.explanation().reasons().get(0).text().contains("for " + nic.describe()),
        port.explanation().toString());
  }

  @Test
  void theRootBusTellsWhichChipsetFunctionsItKeeps() {
    Device root = explain("q35").controllers().stream()
        .filter(c -> c.isController("pci") && c.index() == 0).findFirst().orElseThrow();

    assertEquals(PlanRule.PCI_ROOT, rules(root).get(0));
    assertTrue(root.explanation().reasons().stream().anyMatch(r -> r.rule() == PlanRule.PCI_RESERVED
        && r.text().equals("00:1f.0 is not free: the built-in ICH9-LPC")), root.explanation().toString());
    assertEquals("machine data: implicitDevices, reservations", root.explanation().reasons().get(1).source());
  }

  @Test
  void anAddressTheDomainGivesIsKeptAsWritten() {
    Device given = Device.builder(DeviceKind.INTERFACE).key("n1").type("network").model("e1000")
        .address(Address.Pci.of(0, 5, 0)).build();
    Device nic = explain("pc", given).byKey("n1").orElseThrow();

    assertEquals(List.of(PlanRule.AS_WRITTEN), rules(nic));
    assertEquals("kept the address the domain gives: 00:05.0", nic.explanation().reasons().get(0).text());
  }

  @Test
  void aScsiDiskAddressComesFromItsName() {
    Device disk = Device.builder(DeviceKind.DISK).key("d1").type("disk").bus("scsi").target("sdi").build();
    Plan plan = explain("pc", disk);

    assertEquals("sdi is disk number N = 8 of its bus; on scsi controller = N / 7, unit = N % 7"
        + " (libvirt's narrow SCSI bus): drive controller 1 bus 0 target 0 unit 1",
        plan.byKey("d1").orElseThrow().explanation().reasons().get(0).text());
    Device second = plan.controllers().stream().filter(c -> c.isController("scsi") && c.index() == 1)
        .findFirst().orElseThrow();
    assertEquals(PlanRule.DRIVE_CONTROLLER, rules(second).get(0));
  }

  @Test
  void withoutExplainNothingIsRecorded() {
    Plan plan = BACKPLANE.plan(new PlanTopologyCommand(new Domain("x86_64", "q35", List.of(nic("n1")))));

    assertTrue(plan.devices().stream().allMatch(d -> d.explanation().isEmpty()));
    assertEquals(plan.devices(), explain("q35", nic("n1")).devices());
  }
}
