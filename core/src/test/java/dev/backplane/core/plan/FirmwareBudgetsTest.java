package dev.backplane.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backplane.core.Backplane;
import dev.backplane.core.model.BudgetUse;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.Domain;
import dev.backplane.core.model.InvalidDomainException;
import dev.backplane.core.model.Plan;
import dev.backplane.core.port.in.PlanTopologyCommand;
import dev.backplane.spi.FirmwareBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a plan uses of the measured firmware budgets (machine data of machines-x86). */
class FirmwareBudgetsTest {
  private static final Backplane BACKPLANE = Backplane.builder().build();

  private static Plan plan(String machine, List<Device> devices) {
    return BACKPLANE.plan(new PlanTopologyCommand(new Domain("x86_64", machine, devices)));
  }

  private static List<Device> nics(int n, String model) {
    List<Device> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Device.builder(DeviceKind.INTERFACE).key("n" + i).type("user").model(model).build());
    }
    return out;
  }

  private static List<Device> controllers(int n, String model) {
    List<Device> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      out.add(Device.builder(DeviceKind.CONTROLLER).key("c" + i).type("pci").index(i).model(model).build());
    }
    return out;
  }

  private static List<Device> conventionalBridgeBehindARootPort() {
    List<Device> out = new ArrayList<>(controllers(1, "pcie-root-port"));
    out.add(Device.builder(DeviceKind.CONTROLLER).key("c2").type("pci").index(2)
        .model("pcie-to-pci-bridge").build());
    return out;
  }

  private static BudgetUse use(Plan plan, String firmware) {
    return FirmwareBudgets.use(plan, FirmwareBudgets.select(plan.machine(), firmware, false).orElseThrow());
  }

  @Test
  void seabiosIsTheDefaultOnQ35AndOvmfItsUefiFirmware() {
    Plan plan = plan("q35", List.of());
    assertEquals("seabios", FirmwareBudgets.select(plan.machine(), null, false).orElseThrow().firmware());
    assertEquals("ovmf", FirmwareBudgets.select(plan.machine(), null, true).orElseThrow().firmware());
    assertEquals(Optional.empty(), FirmwareBudgets.select(plan.machine(), "none", false));
  }

  @Test
  void modernVirtioBehindRootPortsNeedsNoIoWindow() {
    BudgetUse use = use(plan("q35", nics(20, "virtio")), "seabios");
    assertEquals(0, use.ioWindows());
    long bridges = plan("q35", nics(20, "virtio")).controllers().stream()
        .filter(c -> c.isController("pci") && c.address() != null).count();
    assertEquals(1 + bridges, use.busNumbers());
    assertTrue(bridges >= 20);
    assertEquals(Optional.empty(), use.violation());
  }

  @Test
  void eachRootPortWithAnIoDeviceTakesOneWindowAndTheFifteenthIsRefused() {
    BudgetUse edge = use(plan("q35", nics(14, "e1000e")), "seabios");
    assertEquals(14, edge.ioWindows());
    assertEquals(Optional.empty(), edge.violation());
    assertEquals(1, edge.warnings().size(), edge.warnings().toString());

    BudgetUse over = use(plan("q35", nics(15, "e1000e")), "seabios");
    InvalidDomainException e = over.violation().orElseThrow();
    assertTrue(e.getMessage().contains("needs 15 I/O windows") && e.getMessage().contains("budget is 14")
        && e.getMessage().contains("out of I/O address space"), e.getMessage());
  }

  @Test
  void ovmfHasNineWindowsForDevicesThatNeedIo() {
    assertTrue(use(plan("q35", nics(9, "e1000e")), "ovmf").violation().isEmpty());
    assertTrue(use(plan("q35", nics(10, "e1000e")), "ovmf").violation().isPresent());
  }

  @Test
  void conventionalBridgesTakeAWindowUnderSeabiosEvenWhenEmptyButNotUnderOvmf() {
    Plan plan = plan("pc", controllers(9, "pci-bridge"));
    BudgetUse seabios = use(plan, "seabios");
    assertEquals(9, seabios.ioWindows());
    assertTrue(seabios.violation().orElseThrow().getMessage().contains("budget is 8"));
    Plan q35 = plan("q35", conventionalBridgeBehindARootPort());
    assertEquals(0, use(q35, "ovmf").ioWindows());
    assertEquals(1, use(q35, "seabios").ioWindows());
  }

  @Test
  void transitionalDevicesBehindOneConventionalBridgeShareItsWindow() {
    List<Device> devices = conventionalBridgeBehindARootPort();
    devices.addAll(nics(31, "virtio-transitional"));
    Plan plan = plan("q35", devices);
    assertEquals(1, use(plan, "seabios").ioWindows());
  }

  @Test
  void busNumbersAreTheRootBusAndOnePerBridgeFunction() {
    BudgetUse use = use(plan("q35", controllers(3, "pcie-root-port")), "seabios");
    assertEquals(4, use.busNumbers());
  }

  @Test
  void aFirmwareTheMachineHasNoBudgetForIsNotMeasuredAndLimitsNothing() {
    BudgetUse use = use(plan("q35", nics(20, "e1000e")), "aavmf");
    assertFalse(use.measured());
    assertEquals(Optional.empty(), use.violation());
    assertTrue(use.warnings().get(0).contains("no budget of aavmf"), use.warnings().toString());
  }

  @Test
  void anUnknownFirmwareIsRefused() {
    Plan plan = plan("q35", List.of());
    assertThrows(InvalidDomainException.class, () -> FirmwareBudgets.select(plan.machine(), "coreboot", false));
  }

  @Test
  void theBusBudgetRefusesOneBridgeTooMany() {
    FirmwareBudget small = FirmwareBudget.builder().firmware("seabios").busNumbers(3).build();
    Plan plan = plan("q35", controllers(3, "pcie-root-port"));
    InvalidDomainException e = FirmwareBudgets.use(plan, small).violation().orElseThrow();
    assertTrue(e.getMessage().contains("needs 4 PCI bus numbers") && e.getMessage().contains("budget is 3"),
        e.getMessage());
  }
}
