package dev.backplane.adapters.libvirtxml;

import dev.backplane.core.model.Address;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.InvalidDomainException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Checks the numeric attributes the planner reads, with libvirt 9.0's syntax and limits, and hands
 * them on in one spelling (decimal; zPCI ids as libvirt prints them), so that the core only ever
 * sees numbers that are valid. Every refusal names the element, its line and the fix.
 */
final class AttributeValues {
  /** libvirt: "PCI controller index N too high, maximum is 255". */
  private static final int MAX_PCI_INDEX = 255;

  private AttributeValues() {}

  /**
   * How libvirt parses an attribute: base 10 only, base 16 (with or without 0x), or C's base 0
   * (0x hex, 0 octal, decimal).
   */
  enum Base { DECIMAL, HEX, ANY }

  /**
   * The attributes of a device element as read ({@code attributes}, keyed as in {@link Device}),
   * with the numeric ones checked and respelled; the rest as they are.
   */
  static Map<String, String> check(DeviceKind kind, String type, String model, Integer index,
      Map<String, String> attributes, String where) {
    Map<String, String> out = new LinkedHashMap<>(attributes);
    switch (kind) {
      case CONTROLLER -> controller(type, model, index, out, where);
      case SERIAL, CONSOLE, CHANNEL, PARALLEL -> {
        String port = out.get(Device.PORT);
        if (port != null) {
          // libvirt reads <target port> as a signed int (-1: none); "Invalid port number" otherwise
          out.put(Device.PORT, Long.toString(number(port, Base.DECIMAL, Integer.MIN_VALUE,
              Integer.MAX_VALUE, where + " <target>", "port", "a decimal port number such as port='0'")));
        }
      }
      default -> { }
    }
    zpci(out, where);
    return out;
  }

  private static void controller(String type, String model, Integer index, Map<String, String> out,
      String where) {
    boolean pci = "pci".equals(type);
    if (pci && index != null && index > MAX_PCI_INDEX) {
      throw new InvalidDomainException(where, "PCI controller index " + index
          + " is too high, the maximum is " + MAX_PCI_INDEX + " (as in libvirt)",
          "number PCI controllers from 1 to " + MAX_PCI_INDEX);
    }
    String ports = out.get(Device.PORTS);
    if (ports != null) {
      // a USB controller's most ports is the device catalog's (usbMaxPorts), checked by the planner
      out.put(Device.PORTS, Long.toString(number(ports, Base.DECIMAL, 0, Integer.MAX_VALUE, where, "ports",
          "write the number of ports in decimal, e.g. ports='8', or remove it")));
    }
    if (!pci) {
      return;
    }
    String target = where + " <target>";
    pciTarget(out, Device.CHASSIS_NR, "chassisNr", 1, 255, target, false);
    pciTarget(out, Device.CHASSIS, "chassis", 0, 255, target, false);
    pciTarget(out, Device.PORT, "port", 0, 255, target, false);
    pciTarget(out, Device.BUS_NR, "busNr", 1, 254, target, true);
    long targetIndex = pciTarget(out, Device.TARGET_INDEX, "index", 0, 30, target, true);
    if (targetIndex >= 0 && index != null && (targetIndex == 0) != (index == 0)) {
      throw new InvalidDomainException(target, "only the PCI controller with index 0 can have target"
          + " index 0, and it must have that one (as in libvirt)",
          index == 0 ? "write <target index='0'/> or remove it"
              : "give this host bridge a target index from 1 to 30, or remove it to have one assigned");
    }
  }

  /**
   * Checks a base-0 PCI controller {@code <target>} attribute; one the planner reads as a number
   * ({@code respell}) goes on in decimal, the others as written. -1 when absent.
   */
  private static long pciTarget(Map<String, String> out, String key, String name, long min, long max,
      String where, boolean respell) {
    String text = out.get(key);
    if (text == null) {
      return -1;
    }
    long value = number(text, Base.ANY, min, max, where, name,
        "write " + name + " as a number from " + min + " to " + max + ", or remove it");
    if (respell) {
      out.put(key, Long.toString(value));
    }
    return value;
  }

  private static void zpci(Map<String, String> out, String where) {
    String zpci = where + " <address><zpci>";
    String uid = out.get(Device.ZPCI_UID);
    if (uid != null) {
      out.put(Device.ZPCI_UID, Address.hex(number(uid, Base.ANY, 1, 0xffff, zpci, "uid",
          "write a uid from 0x0001 to 0xffff, or remove it to have one assigned"), 4));
    }
    String fid = out.get(Device.ZPCI_FID);
    if (fid != null) {
      out.put(Device.ZPCI_FID, Address.hex(number(fid, Base.ANY, 0, 0xffffffffL, zpci,
          "fid", "write a fid from 0x00000000 to 0xffffffff, or remove it to have one assigned"), 8));
    }
  }

  /**
   * Parses {@code text} as libvirt does (leading blanks allowed, nothing after the digits) and
   * checks {@code min..max}; refuses with {@code fix} otherwise.
   */
  static long number(String text, Base base, long min, long max, String where, String name, String fix) {
    Long value = parse(text, base);
    if (value == null) {
      throw new InvalidDomainException(where, name + "='" + text + "' is not "
          + switch (base) {
            case DECIMAL -> "a decimal whole number";
            case HEX -> "a hexadecimal whole number";
            case ANY -> "a whole number";
          }, fix);
    }
    if (value < min || value > max) {
      throw new InvalidDomainException(where, name + "='" + text + "' is out of range: it must be "
          + min + ".." + max, fix);
    }
    return value;
  }

  /**
   * The value, or null when {@code text} is not a number of that base; a value too large for any
   * range comes back as {@link Long#MAX_VALUE} (or its negative).
   */
  static Long parse(String text, Base base) {
    String s = text.stripLeading();
    boolean negative = s.startsWith("-");
    if (negative || s.startsWith("+")) { // strtol's sign
      s = s.substring(1);
    }
    int radix = base == Base.HEX ? 16 : 10;
    if (base != Base.DECIMAL && (s.startsWith("0x") || s.startsWith("0X"))) {
      radix = 16;
      s = s.substring(2);
    } else if (base == Base.ANY && s.length() > 1 && s.startsWith("0")) {
      radix = 8;
      s = s.substring(1);
    }
    if (s.isEmpty()) {
      return null;
    }
    long value = 0;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      int digit = ch < 128 ? Character.digit(ch, radix) : -1;
      if (digit < 0) {
        return null;
      }
      value = value > (1L << 40) ? Long.MAX_VALUE : value * radix + digit;
    }
    return negative ? -value : value;
  }
}
