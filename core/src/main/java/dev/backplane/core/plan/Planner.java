package dev.backplane.core.plan;

import dev.backplane.spi.Internal;
import dev.backplane.core.model.Domain;
import dev.backplane.core.model.InvalidDomainException;
import dev.backplane.core.model.Plan;
import dev.backplane.spi.MachineDescription;

/**
 * Plans one domain on one machine, in libvirt's phase order: what exists (indexes, defaults,
 * implicit devices), then where it goes (virtio-serial ports, spapr-vio regs, CCW devnos,
 * virtio-mmio, PCI with zPCI ids, USB ports, the serial console's copy), then QEMU ids.
 */
@Internal
public final class Planner {
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
    if (machine.devices().isEmpty()) {
      throw new InvalidDomainException("<os><type arch='" + machine.arch() + "' machine='" + machine.name() + "'>",
          "no plugin has a device catalog for architecture " + machine.arch()
              + ", so no device of the domain can be placed",
          "add a machine plugin with a device catalog for " + machine.arch()
              + " (see the README's plugin guide)");
    }
    Work work = new Work(machine, domain.devices(), explain);
    if (explain) {
      AsWritten.record(work);
    }
    new DomainDefaults(work, domain.features()).apply();
    VirtioSerialPorts.assign(work); // first, as libvirt: a full set of ports adds a controller
    SpaprVioAddresses.assign(work);
    CcwAddresses.assign(work);
    VirtioMmio.prime(work);
    PciPlacement.run(work);
    ZpciAddresses.assign(work);
    UsbPorts.assign(work);
    CcidSlots.assign(work);
    ConsoleMirror.apply(work);
    QemuIds.assign(work);
    return new Plan(machine.arch(), machine, work.all(), domain.features());
  }
}
