package dev.backplane.core.model;

import dev.backplane.spi.Experimental;
import dev.backplane.spi.FirmwareBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a plan uses of a firmware's budget ({@link FirmwareBudget}): the PCI bus numbers of its
 * busiest PCI domain (the root bus and one per bridge function below it), and the 4 KiB I/O windows
 * of the bridges on the root buses, with the controllers that take them.
 *
 * @param budget the firmware's limits on the planned machine; a budget without limits when the
 *     firmware was chosen but never measured on this machine
 * @param measured false when the machine has no budget for the chosen firmware
 * @param ioBridges the qemu ids of the root-bus bridges that take I/O windows, in plan order
 */
@Experimental(since = "2026-11-30")
public record BudgetUse(FirmwareBudget budget, boolean measured, String machine, int busNumbers,
    int ioWindows, List<String> ioBridges) {
  /** From this share of a limit on, {@link #warnings()} speaks up. */
  public static final double NEAR = 0.9;

  /**
   * Copies the lists.
   *
   * @param budget the firmware's limits on the planned machine
   * @param measured false when the machine has no budget for the chosen firmware
   * @param machine the canonical machine name
   * @param busNumbers the PCI bus numbers of the plan's busiest PCI domain
   * @param ioWindows the 4 KiB I/O windows the root-bus bridges take
   * @param ioBridges the qemu ids of the root-bus bridges that take I/O windows, in plan order
   */
  public BudgetUse {
    Objects.requireNonNull(budget, "budget");
    ioBridges = List.copyOf(ioBridges);
  }

  /** {@return the firmware whose budget was used ({@code seabios}, {@code ovmf})} */
  public String firmware() {
    return budget.firmware();
  }

  /**
   * {@return the plan breaks the budget: the exception naming the budget, the count, the limit, what the
   * firmware does, and a fix} Empty when it fits.
   */
  public Optional<InvalidDomainException> violation() {
    String element = "<os firmware='" + firmware() + "'> on " + machine;
    Optional<Integer> buses = budget.busNumbers();
    if (buses.isPresent() && busNumbers > buses.get()) {
      return Optional.of(new InvalidDomainException(element,
          "the plan needs " + busNumbers + " PCI bus numbers in one PCI domain (the root bus and one "
              + "per bridge function), the " + firmware() + " bus budget is " + buses.get()
              + budget.overBusNumbers().map(s -> ": " + s).orElse(""),
          "use " + (busNumbers - buses.get()) + " fewer bridges, root ports or switch ports: "
              + "put endpoints in the functions of multifunction slots or on pcie-root"));
    }
    Optional<Integer> io = budget.ioWindows();
    if (io.isPresent() && ioWindows > io.get()) {
      return Optional.of(new InvalidDomainException(element,
          "the plan needs " + ioWindows + " I/O windows of 4 KiB (bridges " + bridgeList()
              + "), the " + firmware() + " I/O budget is " + io.get()
              + budget.overIoWindows().map(s -> ": " + s).orElse(""),
          "need " + (ioWindows - io.get()) + " fewer: use fewer transitional devices "
              + "(model virtio-non-transitional behind PCIe ports), gather the devices that need I/O "
              + "behind one pcie-to-pci-bridge (31 slots share one window), or set io-reserve=0 on "
              + "ports where nothing below needs I/O"));
    }
    return Optional.empty();
  }

  /**
   * {@return one line for each limit the plan uses {@link #NEAR} or more of; and one if nothing is measured}
   */
  public List<String> warnings() {
    List<String> out = new ArrayList<>();
    if (!measured) {
      out.add("no budget of " + firmware() + " is measured for " + machine
          + ": PCI bus numbers and I/O windows are not checked");
      return out;
    }
    budget.busNumbers().filter(limit -> busNumbers <= limit && busNumbers >= NEAR * limit)
        .ifPresent(limit -> out.add(firmware() + " on " + machine + ": " + busNumbers + " of "
            + limit + " PCI bus numbers used"));
    budget.ioWindows().filter(limit -> ioWindows <= limit && ioWindows >= NEAR * limit && limit > 0)
        .ifPresent(limit -> out.add(firmware() + " on " + machine + ": " + ioWindows + " of "
            + limit + " I/O windows used (" + bridgeList() + ")"));
    return out;
  }

  private String bridgeList() {
    int shown = Math.min(ioBridges.size(), 16);
    return String.join(", ", ioBridges.subList(0, shown))
        + (ioBridges.size() > shown ? ", ..." : "");
  }
}
