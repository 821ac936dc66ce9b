package dev.backplane.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backplane.core.Backplane;
import dev.backplane.core.model.Address;
import dev.backplane.core.model.BudgetUse;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.Domain;
import dev.backplane.core.model.InvalidDomainException;
import dev.backplane.core.model.PlacementPolicy;
import dev.backplane.core.model.Plan;
import dev.backplane.core.port.in.PlanOptions;
import dev.backplane.core.port.in.PlanTopologyCommand;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The dense-1 policy and the hot-plug reserve through the embedder API, on q35 (machines-x86). */
class DensePolicyTest {
  private static final Backplane BACKPLANE = Backplane.builder().build();
  private static final PlanOptions DENSE = PlanOptions.DEFAULT.withPolicy(PlacementPolicy.DENSE_1);

  private static Plan plan(List<Device> devices, PlanOptions options) {
    return BACKPLANE.plan(new PlanTopologyCommand(new Domain("x86_64", "q35", devices), false, options));
  }

  private static List<Device> nics(int n, String model) {
    List<Device> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Device.builder(DeviceKind.INTERFACE).key(model + i).type("user").model(model).build());
    }
    return out;
  }

  private static BudgetUse use(Plan plan, String firmware) {
    return FirmwareBudgets.use(plan, FirmwareBudgets.select(plan.machine(), firmware, false).orElseThrow());
  }

  private static long controllers(Plan plan, String model) {
    return plan.controllers().stream().filter(c -> c.isController("pci") && model.equals(c.model())).count();
  }

  /** Functions in use per (bus, slot) among the plan's endpoints. */
  private static Map<Integer, Integer> functionsPerSlot(Plan plan, DeviceKind kind) {
    Map<Integer, Integer> out = new HashMap<>();
    for (Device d : plan.of(kind)) {
      Address.Pci a = d.pciAddress().orElseThrow(() -> new AssertionError(d.describe() + " has no PCI address"));
      out.merge(a.bus() << 5 | a.slot(), 1, Integer::sum);
    }
    return out;
  }

  @Test
  void policiesAreFoundByVersionedNameAndByAlias() {
    assertEquals(PlacementPolicy.DENSE_1, PlacementPolicy.named("dense"));
    assertEquals(PlacementPolicy.DENSE_1, PlacementPolicy.named("dense-1"));
    assertEquals(PlacementPolicy.LIBVIRT_9_0, PlacementPolicy.named("libvirt"));
    assertEquals(PlacementPolicy.LIBVIRT_9_0, PlacementPolicy.named("libvirt-9.0"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PlacementPolicy.named("dense-2"));
    assertTrue(e.getMessage().contains("libvirt-9.0, dense-1, libvirt, dense"), e.getMessage());
  }

  @Test
  void aThousandVirtioNicsFitTheSeabiosBusBudgetWithSwitchesAndMultifunctionPorts() {
    Plan plan = plan(nics(1000, "virtio"), DENSE);
    BudgetUse use = use(plan, "seabios");
    assertTrue(use.busNumbers() <= 256, "bus numbers: " + use.busNumbers());
    assertEquals(Optional.empty(), use.violation());
    assertTrue(controllers(plan, "pcie-switch-upstream-port") >= 1, "a switch once the root slots run out");
    assertTrue(controllers(plan, "pcie-switch-downstream-port") >= 1);
    Map<Integer, Integer> perSlot = functionsPerSlot(plan, DeviceKind.INTERFACE);
    int most = perSlot.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
    assertTrue(most > 1 && most <= 8, "packed as functions of port slots: " + most);
    for (Device nic : plan.of(DeviceKind.INTERFACE)) {
      assertTrue(nic.pciAddress().orElseThrow().bus() > 0, nic.describe() + " sits behind a port");
    }
  }

  @Test
  void theLeastPackingThatFitsIsChosen() {
    Plan few = plan(nics(20, "virtio"), DENSE);
    assertTrue(functionsPerSlot(few, DeviceKind.INTERFACE).values().stream().allMatch(n -> n == 1),
        "20 NICs fit one port each");
    // 300 ports would need 300 + bus numbers: two NICs share each port, and no more
    Plan many = plan(nics(300, "virtio"), DENSE);
    int most = functionsPerSlot(many, DeviceKind.INTERFACE).values().stream().mapToInt(Integer::intValue).max().orElseThrow();
    assertEquals(2, most);
  }

  @Test
  void devicesThatNeedIoArePackedUntilTheIoWindowsFit() {
    Plan libvirt = plan(nics(20, "e1000e"), PlanOptions.DEFAULT);
    assertTrue(use(libvirt, "seabios").violation().isPresent(), "libvirt's one port per NIC is over 14 windows");
    Plan dense = plan(nics(20, "e1000e"), DENSE);
    BudgetUse use = use(dense, "seabios");
    assertEquals(Optional.empty(), use.violation());
    // 22 endpoints (the NICs, the USB controller, the balloon) two per port: 11 windows of 14
    assertEquals(11, use.ioWindows());
    assertEquals(2, functionsPerSlot(dense, DeviceKind.INTERFACE).values().stream().mapToInt(Integer::intValue).max().orElseThrow());
  }

  @Test
  void conventionalDevicesShareAPcieToPciBridgePerThirtyOne() {
    Plan plan = plan(nics(40, "e1000"), DENSE);
    assertEquals(2, controllers(plan, "pcie-to-pci-bridge"));
    assertEquals(2, use(plan, "seabios").ioWindows());
  }

  @Test
  void addressesADomainAlreadyHasNeverMove() {
    Plan first = plan(nics(100, "virtio"), DENSE);
    List<Device> again = new ArrayList<>(first.devices());
    again.addAll(nics(3, "e1000e"));
    for (PlanOptions options : List.of(DENSE, PlanOptions.DEFAULT)) {
      Plan second = plan(again, options);
      List<String> kept = addresses(second);
      for (String before : addresses(first)) {
        assertTrue(kept.contains(before), before + " moved under " + options.policy());
      }
      for (int i = 0; i < 3; i++) {
        assertTrue(second.byKey("e1000e" + i).orElseThrow().pciAddress().isPresent());
      }
    }
  }

  @Test
  void evenDenseRefusesWithTheFiguresWhenEightPerPortDoNotFit() {
    InvalidDomainException e = assertThrows(InvalidDomainException.class,
        () -> plan(nics(2100, "virtio"), DENSE));
    assertTrue(e.getMessage().contains("PCI bus numbers") && e.getMessage().contains("budget is 256"),
        e.getMessage());
  }

  @Test
  void theHotplugReserveKeepsThatManyEmptyPorts() {
    assertEquals(1, emptyPorts(plan(nics(3, "virtio"), PlanOptions.DEFAULT)), "libvirt's one spare");
    assertEquals(4, emptyPorts(plan(nics(3, "virtio"), PlanOptions.DEFAULT.withHotplugReserve(4))));
    assertEquals(0, emptyPorts(plan(nics(3, "virtio"), PlanOptions.DEFAULT.withHotplugReserve(0))));
    assertEquals(1, emptyPorts(plan(nics(3, "virtio"), DENSE)));
    assertEquals(6, emptyPorts(plan(nics(3, "virtio"), DENSE.withHotplugReserve(6))));
  }

  /** Each device described, with its key and address. */
  private static List<String> addresses(Plan plan) {
    return plan.devices().stream().map(d -> d.describe() + " " + d.key() + " " + d.address()).toList();
  }

  private static long emptyPorts(Plan plan) {
    return plan.controllers().stream()
        .filter(c -> c.isController("pci") && List.of("pcie-root-port", "pcie-switch-downstream-port").contains(c.model()))
        .filter(port -> plan.devices().stream().noneMatch(d -> d.pciAddress().filter(a -> a.bus() == port.index()).isPresent()))
        .count();
  }
}
