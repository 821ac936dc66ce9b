package dev.backplane.core.plan;

import dev.backplane.core.model.Address;
import java.util.List;
import java.util.Map;

/**
 * An address as libvirt 9.0 stores it: one union of every address type's fields. Some of its code
 * reads the union's PCI fields without looking at the type (a PCI controller's port and the bus a
 * bridge sits on), so another type's fields count as domain, bus, slot and function, by their place
 * in the union: the first four 32-bit words.
 */
final class AddressUnion {
  private AddressUnion() {}

  /** {@return the bus the PCI fields of {@code a}'s union give} */
  static long bus(Address a) {
    return words(a)[1];
  }

  /** {@return the slot the PCI fields of {@code a}'s union give} */
  static long slot(Address a) {
    return words(a)[2];
  }

  /** {@return the function the PCI fields of {@code a}'s union give} */
  static long function(Address a) {
    return words(a)[3];
  }

  /**
   * The first four 32-bit words of libvirt's union for {@code a}: drive controller, bus, target,
   * unit; virtio-serial controller, bus, port; USB bus and its port's first three levels; CCW
   * cssid, ssid, devno and whether it was given (1); a spapr-vio reg's low and high halves and
   * whether it was given (1); ccid controller and slot; ISA iobase and irq; 0 where a type has no
   * field.
   */
  private static long[] words(Address a) {
    if (a instanceof Address.Pci pci) {
      return new long[] {pci.domain(), pci.bus(), pci.slot(), pci.function()};
    } else if (a instanceof Address.Drive drive) {
      return new long[] {drive.controller(), drive.bus(), drive.target(), drive.unit()};
    } else if (a instanceof Address.VirtioSerial vs) {
      return new long[] {vs.controller(), vs.bus(), vs.port(), 0};
    } else if (a instanceof Address.Usb usb) {
      long[] words = {usb.bus(), 0, 0, 0};
      String[] levels = usb.port() == null || usb.port().isEmpty() ? new String[0] : usb.port().split("\\.");
      for (int level = 0; level < Math.min(3, levels.length); level++) {
        words[level + 1] = number(levels[level]);
      }
      return words;
    } else if (a instanceof Address.Ccw ccw) {
      return new long[] {ccw.cssid(), ccw.ssid(), ccw.devno(), 1};
    } else if (a instanceof Address.SpaprVio vio) {
      return vio.reg() == null ? new long[4]
          : new long[] {vio.reg() & 0xffffffffL, vio.reg() >>> 32, 1, 0};
    } else if (a instanceof Address.Other other) {
      List<String> fields = FIELDS.getOrDefault(other.type(), List.of());
      long[] words = new long[4];
      for (int i = 0; i < fields.size(); i++) {
        words[i] = number(other.attributes().get(fields.get(i)));
      }
      return words;
    }
    return new long[4];
  }

  /** The fields of the address types kept as written, in the union's order. */
  private static final Map<String, List<String>> FIELDS = Map.of(
      "ccid", List.of("controller", "slot"),
      "isa", List.of("iobase", "irq"));

  private static long number(String written) {
    if (written == null) {
      return 0;
    }
    try {
      return Long.decode(written.trim()) & 0xffffffffL;
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
