package dev.backplane.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backplane.core.model.Address;
import dev.backplane.core.model.Capacity;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.Domain;
import dev.backplane.core.model.Plan;
import dev.backplane.core.model.PlanChangeException;
import dev.backplane.core.port.in.PlanTopologyCommand;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Backplane#add}, {@link Backplane#remove} and {@link Backplane#capacity} on x86 domains. */
class PlanChangesTest {
  private static final Backplane BACKPLANE = Backplane.builder().build();

  @Test
  void addingANicOnPcMovesNothingAndUsesARootBusSlot() {
    Plan plan = plan("pc", nic("nic0"));
    Plan added = BACKPLANE.add(plan, nic("nic1"));

    assertKept(plan, added);
    Address.Pci at = added.byKey("nic1").orElseThrow().pciAddress().orElseThrow();
    assertEquals(0, at.bus());
    assertEquals("net1", added.byKey("nic1").orElseThrow().qemuId());
  }

  /** libvirt leaves one spare pcie-root-port for hot-plug; once it is used, a PCIe device is refused. */
  @Test
  void q35TakesOneNicInItsSpareRootPortAndRefusesTheNext() {
    Plan plan = BACKPLANE.add(plan("q35", nic("nic0")), nic("spare"));
    PlanChangeException e = assertThrows(PlanChangeException.class, () -> BACKPLANE.add(plan, nic("nic1")));
    assertTrue(e.rule().contains("cannot be hot-plugged"), e.getMessage());
    assertEquals(List.of(nic("nic1").describe()), e.devices());
  }

  @Test
  void q35CapacityIsTheNumberOfEmptyRootPortsAndEachCanBeUsed() {
    Plan plan = plan("q35", nic("nic0"), rootPort(20));  // libvirt fills indexes 1..19 with root ports
    Capacity capacity = BACKPLANE.capacity(plan, DeviceKind.INTERFACE, "virtio");
    assertEquals(emptyRootPorts(plan).size(), capacity.count(), capacity.toString());
    assertTrue(capacity.count() > 10, capacity.toString());
    assertTrue(capacity.limit().orElseThrow().contains("cannot be hot-plugged"), capacity.toString());

    Plan current = plan;
    for (int i = 1; i <= capacity.count(); i++) {
      Plan next = BACKPLANE.add(current, nic("new" + i));
      assertKept(current, next);
      if (i == 1) {
        assertEquals(capacity.next().orElseThrow(), next.byKey("new1").orElseThrow().address());
      }
      current = next;
    }
    Plan full = current;
    assertThrows(PlanChangeException.class, () -> BACKPLANE.add(full, nic("one-more")));
    assertEquals(0, BACKPLANE.capacity(full, DeviceKind.INTERFACE, "virtio").count());
  }

  @Test
  void aRootPortWithHotplugOffTakesNoHotPluggedDevice() {
    Plan plan = plan("q35", nic("nic0"));
    List<Integer> empty = emptyRootPorts(plan);
    assertTrue(!empty.isEmpty(), "libvirt leaves a spare root port");
    Plan off = new Plan(plan.arch(), plan.machine(), plan.devices().stream()
        .map(d -> d.isController("pci") && empty.contains(d.index())
            ? d.toBuilder().attribute(Device.HOTPLUG, "off").build() : d)
        .toList(), plan.features());
    PlanChangeException e = assertThrows(PlanChangeException.class, () -> BACKPLANE.add(off, nic("nic1")));
    assertTrue(e.rule().contains("hot-plug"), e.getMessage());
    assertEquals(0, BACKPLANE.capacity(off, DeviceKind.INTERFACE, "virtio").count());
  }

  /** The indexes of the plan's pcie-root-ports that nothing sits behind. */
  private static List<Integer> emptyRootPorts(Plan plan) {
    return plan.controllers().stream()
        .filter(c -> "pcie-root-port".equals(c.model()))
        .map(Device::index)
        .filter(index -> plan.devices().stream().noneMatch(
            d -> d.pciAddress().map(p -> p.bus() == index).orElse(false)))
        .toList();
  }

  @Test
  void removingANicKeepsEveryOtherAddressAndAFreedSlotIsReused() {
    Plan plan = plan("pc", nic("nic0"), nic("nic1"), nic("nic2"));
    Plan removed = BACKPLANE.remove(plan, "nic1");

    assertTrue(removed.byKey("nic1").isEmpty());
    assertEquals(plan.devices().size() - 1, removed.devices().size());
    for (Device d : removed.devices()) {
      assertTrue(plan.devices().contains(d), d + " changed");
    }
    Plan again = BACKPLANE.add(removed, nic("nic3"));
    assertEquals(plan.byKey("nic1").orElseThrow().address(), again.byKey("nic3").orElseThrow().address());
    assertNotEquals(again.byKey("nic2").orElseThrow().qemuId(), again.byKey("nic3").orElseThrow().qemuId());
  }

  @Test
  void removingAnUnknownKeyIsRefused() {
    Plan plan = plan("pc", nic("nic0"));
    PlanChangeException e = assertThrows(PlanChangeException.class, () -> BACKPLANE.remove(plan, "nope"));
    assertEquals(List.of("nope"), e.devices());
  }

  @Test
  void removingAControllerInUseIsRefused() {
    Device bridge = Device.builder(DeviceKind.CONTROLLER).key("bridge").type("pci").index(1)
        .model("pci-bridge").build();
    Device behind = nic("nic0").toBuilder().address(Address.Pci.of(1, 1, 0)).build();
    Plan plan = plan("pc", bridge, behind);
    assertThrows(PlanChangeException.class, () -> BACKPLANE.remove(plan, "bridge"));
  }

  @Test
  void aNewDeviceMayNotReuseAKeyOfThePlan() {
    Plan plan = plan("pc", nic("nic0"));
    assertThrows(PlanChangeException.class, () -> BACKPLANE.add(plan, nic("nic0")));
  }

  /** Every free slot of pci-root but the one a new pci-bridge would need: it cannot be hot-plugged. */
  @Test
  void diskCapacityOnPcIsTheNumberOfDisksAddableOneByOne() {
    Plan plan = plan("pc", nic("nic0"));
    Capacity disks = BACKPLANE.capacity(plan, DeviceKind.DISK, "virtio");
    assertTrue(disks.count() > 20, disks.toString());
    assertTrue(disks.limit().orElseThrow().contains("new PCI controller"), disks.toString());
    Plan current = plan;
    for (int i = 0; i < disks.count(); i++) {
      current = BACKPLANE.add(current, Device.builder(DeviceKind.DISK).key("d" + i).type("disk")
          .bus("virtio").target("vd" + (char) ('a' + i)).build());
    }
    Plan full = current;
    assertThrows(PlanChangeException.class, () -> BACKPLANE.add(full, Device.builder(DeviceKind.DISK)
        .key("last").type("disk").bus("virtio").target("vdz").build()));
  }

  private static void assertKept(Plan before, Plan after) {
    for (Device d : before.devices()) {
      Device now = after.devices().stream().filter(d::equals).findFirst().orElse(null);
      assertEquals(d, now, "moved or changed");
    }
  }

  private static Plan plan(String machine, Device... devices) {
    return BACKPLANE.plan(new PlanTopologyCommand(new Domain("x86_64", machine, new ArrayList<>(List.of(devices)))));
  }

  private static Device nic(String key) {
    return Device.builder(DeviceKind.INTERFACE).key(key).type("network").model("virtio").build();
  }

  private static Device rootPort(int index) {
    return Device.builder(DeviceKind.CONTROLLER).type("pci").index(index).model("pcie-root-port").build();
  }
}
