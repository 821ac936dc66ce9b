package dev.backplane.adapters.cli;

import dev.backplane.adapters.libvirtxml.LibvirtDocument;
import dev.backplane.core.model.BudgetUse;
import dev.backplane.core.model.Plan;
import dev.backplane.core.plan.FirmwareBudgets;
import java.io.PrintStream;
import java.util.Optional;

/**
 * The firmware budget step of {@code plan}, after planning: selects the firmware ({@code --firmware},
 * else the domain's {@code <os firmware='efi'>} or edk2 {@code <loader>}, else the machine's
 * default), counts what the plan uses, refuses a plan over budget and warns near it.
 */
final class FirmwareCheck {
  private FirmwareCheck() {}

  /**
   * @param requested the {@code --firmware} value, or null
   * @param warnings where warnings go, or null for none
   * @return what the plan uses, empty when no firmware budget applies
   * @throws dev.backplane.core.model.InvalidDomainException when the plan is over budget
   */
  static Optional<BudgetUse> check(LibvirtDocument document, Plan plan, String requested,
      PrintStream warnings) {
    Optional<BudgetUse> use = FirmwareBudgets.select(plan.machine(), requested, document.wantsEfi())
        .map(budget -> FirmwareBudgets.use(plan, budget));
    use.flatMap(BudgetUse::violation).ifPresent(e -> {
      throw e;
    });
    if (warnings != null) {
      use.ifPresent(u -> u.warnings().forEach(w -> warnings.println("backplane: warning: " + w)));
    }
    return use;
  }

  /** One line for {@code --explain}: the firmware and what the plan uses of each limit. */
  static String explain(BudgetUse use) {
    return "firmware: " + use.firmware() + " on " + use.machine() + ": "
        + use.busNumbers() + " of " + use.budget().busNumbers().map(String::valueOf).orElse("unlimited")
        + " PCI bus numbers, " + use.ioWindows() + " of "
        + use.budget().ioWindows().map(String::valueOf).orElse("unlimited") + " I/O windows"
        + (use.ioBridges().isEmpty() ? "" : " (" + String.join(", ", use.ioBridges()) + ")")
        + (use.measured() ? "" : " (not measured on this machine)");
  }
}
