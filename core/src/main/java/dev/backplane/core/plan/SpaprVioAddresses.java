package dev.backplane.core.plan;

import dev.backplane.core.model.Address;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.InvalidDomainException;
import dev.backplane.core.model.PlanRule;
import dev.backplane.spi.DeviceModel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * pSeries virtual I/O {@code reg} values, as libvirt assigns them: each kind of device starts at
 * its own base and takes the next free 0x1000 step; regs the user gave are kept and must be
 * unique and at most 0xffffffff. The console that stands for the first serial port shares its
 * address. libvirt does this on every machine, not only pSeries: a model the catalog gives a
 * spapr-vio base (spapr-vlan, ibmvscsi) gets a reg wherever it is written.
 */
final class SpaprVioAddresses {
  private static final long STEP = 0x1000;
  private static final long MAX_REG = 0xffffffffL;

  /** The kinds of spapr-vio device in libvirt's order; the catalog gives each model its base reg. */
  private static final List<DeviceKind> ORDER = List.of(DeviceKind.INTERFACE, DeviceKind.CONTROLLER,
      DeviceKind.SERIAL, DeviceKind.NVRAM, DeviceKind.TPM);

  private SpaprVioAddresses() {}

  static void assign(Work work) {
    retypePciAddresses(work);
    Set<Long> used = new java.util.HashSet<>();
    for (Device d : work.each()) { // every user reg counts, whatever the device (as in libvirt)
      boolean mirror = d.kind() == DeviceKind.CONSOLE && "serial".equals(d.attribute(Device.TARGET_TYPE));
      if (!mirror && d.address() instanceof Address.SpaprVio vio && vio.reg() != null && vio.reg() > MAX_REG) {
        throw new InvalidDomainException(d.describe(),
            "spapr-vio reg 0x" + Long.toHexString(vio.reg()) + " exceeds the maximum, 0xffffffff"
                + " (libvirt reads another address type on a spapr-vio device as reg = its first number"
                + " + its second * 2^32)",
            "give the device a spapr-vio reg (a multiple of 0x1000), or remove its <address>");
      }
      if (!mirror && d.address() instanceof Address.SpaprVio vio && vio.reg() != null && !used.add(vio.reg())) {
        throw new InvalidDomainException(d.describe(),
            "spapr-vio address 0x" + Long.toHexString(vio.reg()) + " is already in use",
            "give the device another reg (a multiple of 0x1000), or remove its <address>");
      }
    }
    Map<DeviceKind, Long> next = new HashMap<>(); // regs only get taken: resume where the kind stopped
    for (DeviceKind kind : ORDER) {
      List<Device> list = work.list(kind);
      for (int i = 0; i < list.size(); i++) {
        Device d = list.get(i);
        boolean unassigned = d.address() == null
            || d.address() instanceof Address.SpaprVio vio && vio.reg() == null;
        Optional<Long> base = work.modelOf(d).flatMap(DeviceModel::spaprVioBase);
        if (base.isEmpty() || !unassigned) {
          continue;
        }
        long reg = next.getOrDefault(kind, base.get());
        while (used.contains(reg)) {
          reg += STEP;
        }
        used.add(reg);
        next.put(kind, reg + STEP);
        Address.SpaprVio vio = new Address.SpaprVio(reg);
        list.set(i, work.explain
            ? work.why(d.withAddress(vio), PlanRule.SPAPR_VIO_REG, kind.element(), base.get(), vio)
            : d.withAddress(vio));
      }
    }
  }

  /**
   * libvirt 9.0 turns the address of every spapr-vio device into a spapr-vio address without
   * clearing it: the address's first two numbers are read as {@code reg} (the first + the second
   * * 2^32), and the reg counts as given when the low byte of its third number is not 0, since
   * {@code has_reg} overlays it. So PCI domain/bus/slot, CCW cssid/ssid/devno, drive
   * controller/bus/target, virtio-serial controller/bus/port and USB bus/port levels 1/2 give a reg
   * or not; an address of another type has no third number, and its device gets a reg assigned.
   */
  private static void retypePciAddresses(Work work) {
    for (DeviceKind kind : ORDER) {
      List<Device> list = work.list(kind);
      for (int i = 0; i < list.size(); i++) {
        Device d = list.get(i);
        Address a = d.address();
        boolean onVio = work.modelOf(d).flatMap(DeviceModel::spaprVioBase).isPresent();
        if (!onVio || a == null || a instanceof Address.SpaprVio) {
          continue;
        }
        long[] numbers = {0, 0, 0};
        if (a instanceof Address.Pci pci) {
          numbers = new long[] {pci.domain(), pci.bus(), pci.slot()};
        } else if (a instanceof Address.Ccw ccw) {
          numbers = new long[] {ccw.cssid(), ccw.ssid(), ccw.devno()};
        } else if (a instanceof Address.Drive drive) {
          numbers = new long[] {drive.controller(), drive.bus(), drive.target()};
        } else if (a instanceof Address.VirtioSerial vs) {
          numbers = new long[] {vs.controller(), vs.bus(), vs.port()};
        } else if (a instanceof Address.Usb usb) {
          numbers = usbNumbers(usb);
        }
        Long reg = (numbers[2] & 0xff) != 0 ? (numbers[0] & MAX_REG) | (numbers[1] & MAX_REG) << 32 : null;
        Address.SpaprVio vio = new Address.SpaprVio(reg);
        list.set(i, work.explain && reg != null
            ? work.why(d.withAddress(vio), PlanRule.SPAPR_VIO_FROM_PCI, a, vio) : d.withAddress(vio));
      }
    }
  }

  /** A USB address as libvirt stores it: the bus, then the port's first two levels (0 when absent). */
  private static long[] usbNumbers(Address.Usb usb) {
    long[] numbers = {usb.bus(), 0, 0};
    if (usb.port() != null && !usb.port().isEmpty()) {
      String[] levels = usb.port().split("\\.");
      for (int level = 0; level < Math.min(2, levels.length); level++) {
        numbers[level + 1] = levels[level].matches("[0-9]{1,9}") ? Long.parseLong(levels[level]) : 0;
      }
    }
    return numbers;
  }
}
