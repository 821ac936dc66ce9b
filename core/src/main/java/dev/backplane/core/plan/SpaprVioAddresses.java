package dev.backplane.core.plan;

import dev.backplane.core.model.Address;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.InvalidDomainException;
import dev.backplane.core.model.PlanRule;
import dev.backplane.spi.BusKind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * pSeries virtual I/O {@code reg} values, as libvirt assigns them: each kind of device starts at
 * its own base and takes the next free 0x1000 step; regs the user gave are kept and must be
 * unique. The console that stands for the first serial port shares its address.
 */
final class SpaprVioAddresses {
  private static final long STEP = 0x1000;

  /** One kind of spapr-vio device, in libvirt's order, with its base reg. */
  private record Rule(DeviceKind kind, Predicate<Device> takes, long base) {}

  private static final List<Rule> RULES = List.of(
      new Rule(DeviceKind.INTERFACE, d -> "spapr-vlan".equals(d.model()), 0x1000),
      new Rule(DeviceKind.CONTROLLER, d -> "scsi".equals(d.type()) && "ibmvscsi".equals(d.model()), 0x2000),
      new Rule(DeviceKind.SERIAL, d -> "spapr-vio-serial".equals(d.attribute(Device.TARGET_TYPE)), 0x30000000L),
      new Rule(DeviceKind.NVRAM, d -> true, 0x3000),
      new Rule(DeviceKind.TPM, d -> "tpm-spapr".equals(d.model()), 0x4000));

  private SpaprVioAddresses() {}

  static void assign(Work work) {
    if (work.machine.rootBuses().stream().noneMatch(b -> b.kind() == BusKind.SPAPR_VIO)) {
      return;
    }
    retypePciAddresses(work);
    Set<Long> used = new java.util.HashSet<>();
    for (Device d : work.all()) { // every user reg counts, whatever the device (as in libvirt)
      boolean mirror = d.kind() == DeviceKind.CONSOLE && "serial".equals(d.attribute(Device.TARGET_TYPE));
      if (!mirror && d.address() instanceof Address.SpaprVio vio && vio.reg() != null && !used.add(vio.reg())) {
        throw new InvalidDomainException(d.describe(),
            "spapr-vio address 0x" + Long.toHexString(vio.reg()) + " is already in use",
            "give the device another reg (a multiple of 0x1000), or remove its <address>");
      }
    }
    Map<DeviceKind, Long> next = new HashMap<>(); // regs only get taken: resume where the kind stopped
    for (Rule rule : RULES) {
      List<Device> list = work.list(rule.kind());
      for (int i = 0; i < list.size(); i++) {
        Device d = list.get(i);
        boolean unassigned = d.address() == null
            || d.address() instanceof Address.SpaprVio vio && vio.reg() == null;
        if (!rule.takes().test(d) || !unassigned) {
          continue;
        }
        long reg = next.getOrDefault(rule.kind(), rule.base());
        while (used.contains(reg)) {
          reg += STEP;
        }
        used.add(reg);
        next.put(rule.kind(), reg + STEP);
        Address.SpaprVio vio = new Address.SpaprVio(reg);
        list.set(i, work.explain
            ? work.why(d.withAddress(vio), PlanRule.SPAPR_VIO_REG, rule.kind().element(), rule.base(), vio)
            : d.withAddress(vio));
      }
    }
  }

  /**
   * libvirt 9.0 turns the address of every spapr-vio device into a spapr-vio address without
   * clearing it, so a PCI address the user gave is read as one: reg is domain + bus * 2^32, and
   * it counts as given when the slot is not 0 (the byte of {@code has_reg} overlays the slot).
   */
  private static void retypePciAddresses(Work work) {
    for (Rule rule : RULES) {
      List<Device> list = work.list(rule.kind());
      for (int i = 0; i < list.size(); i++) {
        Device d = list.get(i);
        if (rule.takes().test(d) && d.address() instanceof Address.Pci pci) {
          Long reg = pci.slot() != 0 ? (long) pci.domain() | (long) pci.bus() << 32 : null;
          list.set(i, d.withAddress(new Address.SpaprVio(reg)));
        }
      }
    }
  }
}
