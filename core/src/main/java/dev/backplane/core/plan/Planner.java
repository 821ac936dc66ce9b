package dev.backplane.core.plan;

import dev.backplane.core.model.BudgetUse;
import dev.backplane.core.model.Domain;
import dev.backplane.core.model.InvalidDomainException;
import dev.backplane.core.model.PlacementPolicy;
import dev.backplane.core.model.Plan;
import dev.backplane.core.port.in.PlanOptions;
import dev.backplane.spi.FirmwareBudget;
import dev.backplane.spi.Internal;
import dev.backplane.spi.MachineDescription;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * Plans one domain on one machine, in libvirt's phase order: what exists (indexes, defaults,
 * implicit devices), then where it goes (virtio-serial ports, spapr-vio regs, CCW devnos,
 * virtio-mmio, PCI with zPCI ids, USB ports, the serial console's copy), then QEMU ids. A
 * placement policy other than libvirt's lays out its PCI topology just before PCI placement, which
 * then keeps the addresses it gave ({@link PlacementPolicy}).
 */
@Internal
public final class Planner {
  /** PCI's 8-bit bus number: the bus budget when no firmware's applies. */
  private static final int PCI_BUS_NUMBERS = 256;
  private static final int DENSE_MAX_PER_PORT = 8;
  private final MachineDescription machine;

  /**
   * A planner for one machine.
   *
   * @param machine the machine every plan is for
   */
  public Planner(MachineDescription machine) {
    this.machine = machine;
  }

  /**
   * {@return the plan of {@code domain}}
   *
   * @param domain the domain to plan
   * @throws InvalidDomainException when the domain breaks a rule of the
   *     machine or of placement
   */
  public Plan plan(Domain domain) {
    return plan(domain, false);
  }

  /**
   * {@return the plan of {@code domain}; with {@code explain}, every device the planner adds or places carries
   * the rules that decided it ({@link dev.backplane.core.model.Device#explanation()})}
   *
   * @param domain the domain to plan
   * @param explain whether to record the rules that decided each device
   */
  public Plan plan(Domain domain, boolean explain) {
    return plan(domain, explain, PlanOptions.DEFAULT);
  }

  /**
   * {@link #plan(Domain, boolean)} under {@code options}' placement policy and hot-plug reserve.
   * Under dense-1, the plan also fits the firmware's budget, or it is refused.
   *
   * @param domain the domain to plan
   * @param explain whether to record the rules that decided each device
   * @param options the placement policy, hot-plug reserve and firmware
   * @return the plan
   */
  public Plan plan(Domain domain, boolean explain, PlanOptions options) {
    if (machine.devices().isEmpty()) {
      throw new InvalidDomainException("<os><type arch='" + machine.arch() + "' machine='" + machine.name() + "'>",
          "no plugin has a device catalog for architecture " + machine.arch()
              + ", so no device of the domain can be placed",
          "add a machine plugin with a device catalog for " + machine.arch()
              + " (see the README's plugin guide)");
    }
    if (options.policy() == PlacementPolicy.DENSE_1 && DensePlacement.applies(machine)) {
      return planDense(domain, explain, options);
    }
    return plan(domain, explain, options.hotplugReserve(), null);
  }

  /**
   * dense-1: the least packing of endpoints per port (1 to 8) whose plan fits the firmware's PCI
   * bus numbers and I/O windows; refused with the figures of the densest when none does.
   */
  private Plan planDense(Domain domain, boolean explain, PlanOptions options) {
    Optional<FirmwareBudget> budget = FirmwareBudgets.select(machine, options.firmware(), options.efi());
    int busLimit = budget.flatMap(FirmwareBudget::busNumbers).orElse(PCI_BUS_NUMBERS);
    String budgetName = budget.map(b -> b.firmware() + " on " + machine.name())
        .orElse("PCI (" + PCI_BUS_NUMBERS + " bus numbers)");
    int spare = options.hotplugReserve().orElse(-1);
    InvalidDomainException refusal = null;
    for (int perPort = 1; perPort <= DENSE_MAX_PER_PORT; perPort++) {
      int packing = perPort;
      Plan plan;
      try {
        plan = plan(domain, explain, OptionalInt.of(0),
            work -> new DensePlacement(work, packing, busLimit, budgetName).apply(spare));
      } catch (DensePlacement.OverBudget e) {
        refusal = e.refusal;
        continue;
      }
      Optional<InvalidDomainException> over = budget.map(b -> FirmwareBudgets.use(plan, b))
          .flatMap(BudgetUse::violation);
      if (over.isEmpty()) {
        return plan;
      }
      refusal = over.get();
    }
    throw refusal;
  }

  /**
   * The phases; {@code dense} lays out a topology before PCI placement (null: libvirt's alone).
   */
  private Plan plan(Domain domain, boolean explain, OptionalInt hotplugReserve,
      Consumer<Work> dense) {
    Work work = new Work(machine, domain.devices(), explain);
    work.hotplugReserve = hotplugReserve;
    if (explain) {
      AsWritten.record(work);
    }
    new DomainDefaults(work, domain.features()).apply();
    VirtioSerialPorts.assign(work); // first, as libvirt: a full set of ports adds a controller
    SpaprVioAddresses.assign(work);
    CcwAddresses.assign(work);
    VirtioMmio.prime(work);
    if (dense != null) {
      dense.accept(work);
    }
    PciPlacement.run(work);
    ZpciAddresses.assign(work);
    AddressTypes.refuseRomTuningOffPci(work);
    UsbPorts.assign(work);
    CcidSlots.assign(work);
    MemorySlots.assign(work);
    ConsoleMirror.apply(work);
    QemuIds.assign(work);
    return new Plan(machine.arch(), machine, work.all(), domain.features());
  }
}
