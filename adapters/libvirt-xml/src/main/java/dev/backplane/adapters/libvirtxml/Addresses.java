package dev.backplane.adapters.libvirtxml;

import static dev.backplane.adapters.libvirtxml.AttributeValues.Base.ANY;
import static dev.backplane.adapters.libvirtxml.AttributeValues.Base.DECIMAL;
import static dev.backplane.adapters.libvirtxml.AttributeValues.Base.HEX;

import dev.backplane.core.model.Address;
import dev.backplane.core.model.InvalidDomainException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads and writes a device's guest {@code <address>} in libvirt's format. */
final class Addresses {
  private static final Map<String, List<String>> ATTRIBUTES = Map.of(
      "pci", List.of("domain", "bus", "slot", "function", "multifunction"),
      "drive", List.of("controller", "bus", "target", "unit"),
      "virtio-serial", List.of("controller", "bus", "port"),
      "usb", List.of("bus", "port"),
      "ccw", List.of("cssid", "ssid", "devno"),
      "spapr-vio", List.of("reg"),
      "virtio-mmio", List.of());

  /**
   * The highest controller a drive or virtio-serial address may name: the planner adds every
   * controller up to it, as libvirt does (libvirt 9.0 itself crashes on an index near 2^31).
   */
  private static final int MAX_CONTROLLER = 255;
  /** libvirt's VIR_DOMAIN_DEVICE_USB_MAX_PORT_DEPTH. */
  private static final int MAX_USB_DEPTH = 4;

  private Addresses() {}

  /**
   * The guest address: only a direct {@code <address>} child counts (a hostdev's
   * {@code <source><address>} is the host's). Null when there is none.
   */
  static Address read(XmlElement device, String where) {
    XmlElement element = Dom.child(device, "address");
    if (element == null) {
      return null;
    }
    Reader r = new Reader(element, where + " <address>" + Dom.lineOf(element));
    String type = Dom.attribute(element, "type");
    if (type == null || type.isBlank()) {
      throw new InvalidDomainException(r.where, "the address has no type",
          "add type='pci' (or the address family meant), or remove the <address> to have one assigned");
    }
    return switch (type) {
      case "pci" -> r.pci();
      case "drive" -> new Address.Drive(r.number("controller", DECIMAL, 0, MAX_CONTROLLER),
          r.number("bus", DECIMAL, 0, Integer.MAX_VALUE),
          r.number("target", DECIMAL, 0, Integer.MAX_VALUE),
          r.number("unit", DECIMAL, 0, Integer.MAX_VALUE));
      case "virtio-serial" -> new Address.VirtioSerial(
          r.number("controller", DECIMAL, 0, MAX_CONTROLLER),
          r.number("bus", DECIMAL, 0, Integer.MAX_VALUE),
          r.number("port", DECIMAL, 0, Integer.MAX_VALUE));
      case "usb" -> new Address.Usb(r.number("bus", DECIMAL, 0, Integer.MAX_VALUE), r.usbPort());
      case "ccw" -> r.ccw();
      case "spapr-vio" -> new Address.SpaprVio(
          element.has("reg") ? r.longNumber("reg", HEX, 0, 0xffffffffL) : null);
      case "virtio-mmio" -> new Address.VirtioMmio();
      case "ccid" -> r.ccid();
      default -> new Address.Other(type, otherAttributes(element));
    };
  }

  /**
   * Sets the device's {@code <address>}, in place of the old one or as its last child. An old
   * address of the same type keeps its other attributes and its children ({@code <zpci>}).
   */
  static void write(XmlElement device, Address address) {
    XmlElement old = Dom.child(device, "address");
    if (old != null && address.type().equals(old.get("type"))) {
      List<XmlElement.Attribute> kept = new ArrayList<>();
      for (XmlElement.Attribute attribute : old.attributes()) {
        if (!attribute.name().equals("type") && !attributesOf(address).contains(attribute.name())) {
          kept.add(attribute);
        }
      }
      old.removeAttributes();
      Dom.set(old, "type", address.type());
      fill(old, address);
      kept.forEach(attribute -> Dom.set(old, attribute)); // with its namespace (xmlns:q, q:tag)
      return;
    }
    XmlElement element = new XmlElement("address");
    Dom.set(element, "type", address.type());
    fill(element, address);
    if (old != null) {
      device.insertBefore(element, old);
      device.remove(old);
    } else {
      Dom.append(device, element);
    }
  }

  /** The attributes {@link #fill} writes for the address: an old element's others are kept. */
  private static java.util.Collection<String> attributesOf(Address address) {
    if (address instanceof Address.Other other) {
      return other.attributes().keySet(); // as read: ISA numbers respelled as libvirt writes them
    }
    return ATTRIBUTES.getOrDefault(address.type(), List.of());
  }

  private static void fill(XmlElement e, Address address) {
    if (address instanceof Address.Pci p) {
      Dom.set(e, "domain", Address.hex(p.domain(), 4));
      Dom.set(e, "bus", Address.hex(p.bus(), 2));
      Dom.set(e, "slot", Address.hex(p.slot(), 2));
      Dom.set(e, "function", Address.hex(p.function(), 1));
      if (p.multifunction() != null) {
        Dom.set(e, "multifunction", p.multifunction() ? "on" : "off");
      }
    } else if (address instanceof Address.Drive d) {
      Dom.set(e, "controller", Integer.toString(d.controller()));
      Dom.set(e, "bus", Integer.toString(d.bus()));
      Dom.set(e, "target", Integer.toString(d.target()));
      Dom.set(e, "unit", Integer.toString(d.unit()));
    } else if (address instanceof Address.VirtioSerial v) {
      Dom.set(e, "controller", Integer.toString(v.controller()));
      Dom.set(e, "bus", Integer.toString(v.bus()));
      Dom.set(e, "port", Integer.toString(v.port()));
    } else if (address instanceof Address.Usb u) {
      Dom.set(e, "bus", Integer.toString(u.bus()));
      if (u.port() != null) {
        Dom.set(e, "port", u.port());
      }
    } else if (address instanceof Address.Ccw c) {
      Dom.set(e, "cssid", Address.hex(c.cssid(), 0));
      Dom.set(e, "ssid", Address.hex(c.ssid(), 0));
      Dom.set(e, "devno", Address.hex(c.devno(), 4));
    } else if (address instanceof Address.SpaprVio s && s.reg() != null) {
      Dom.set(e, "reg", Address.hex(s.reg(), 8));
    } else if (address instanceof Address.Other o) {
      o.attributes().entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(a -> Dom.set(e, a.getKey(), a.getValue()));
    }
  }

  private static Map<String, String> otherAttributes(XmlElement element) {
    Map<String, String> out = new TreeMap<>(); // by name, as they print in JSON
    boolean isa = "isa".equals(element.get("type"));
    for (XmlElement.Attribute a : element.attributes()) {
      // a namespaced attribute (xmlns:q, q:tag) is the user's, not libvirt's: write() keeps it
      if (!a.name().equals("type") && a.namespace() == null) {
        out.put(a.name(), isa ? isaNumber(a.value()) : a.value());
      }
    }
    return new LinkedHashMap<>(out);
  }

  /**
   * An ISA iobase or irq as libvirt 9.0 reads and writes it back: hexadecimal, with or without
   * {@code 0x} ({@code 10} is {@code 0x10}, {@code 3f8} is {@code 0x3f8}).
   */
  private static String isaNumber(String value) {
    Long n = AttributeValues.parse(value, HEX);
    return n != null && n >= 0 && n <= 0xffffffffL ? Address.hex(n, 0) : value; // else as written
  }

  /** Parses one address element's numbers, naming it in every complaint. */
  private record Reader(XmlElement element, String where) {
    Address.Pci pci() {
      int domain = number("domain", ANY, 0, 0xffff);
      if (domain != 0) {
        throw new InvalidDomainException(where,
            "PCI domain " + element.get("domain") + " is not supported: Backplane plans PCI domain 0 only",
            "set domain='0x0000' or remove the attribute");
      }
      Boolean multifunction = switch (String.valueOf(Dom.attribute(element, "multifunction"))) {
        case "null" -> null;
        case "on" -> Boolean.TRUE;
        case "off" -> Boolean.FALSE;
        default -> throw new InvalidDomainException(where,
            "multifunction='" + element.get("multifunction") + "' must be 'on' or 'off'",
            "write multifunction='on' or multifunction='off'");
      };
      return new Address.Pci(0, number("bus", ANY, 0, 0xff), number("slot", ANY, 0, 0x1f),
          number("function", ANY, 0, 7), multifunction);
    }

    Address.Ccw ccw() {
      boolean any = element.has("cssid") || element.has("ssid")
          || element.has("devno");
      boolean all = element.has("cssid") && element.has("ssid")
          && element.has("devno");
      if (!any) {
        return null;
      }
      if (!all) {
        throw new InvalidDomainException(where, "a ccw address needs all of cssid, ssid and devno",
            "write all three, e.g. cssid='0xfe' ssid='0x0' devno='0x0001', or none to have one assigned");
      }
      return new Address.Ccw(number("cssid", ANY, 0, 0xfe), number("ssid", ANY, 0, 3),
          number("devno", ANY, 0, 0xffff));
    }

    /**
     * A USB port path ({@code 1}, {@code 1.2}: a hub's port), up to 4 levels as libvirt takes
     * them, each a decimal number. libvirt ends the path at the first 0, so {@code 1.0} is
     * {@code 1}; a path that starts with 0 (or no port) leaves the port to be chosen: null.
     */
    String usbPort() {
      String text = Dom.attribute(element, "port");
      if (text == null) {
        return null;
      }
      String[] levels = text.split("\\.", -1);
      StringBuilder path = new StringBuilder();
      boolean ended = false;
      for (String level : levels) {
        Long port = AttributeValues.parse(level, AttributeValues.Base.DECIMAL);
        if (levels.length > MAX_USB_DEPTH || port == null || port < 0 || port > 0xffffffffL) {
          throw new InvalidDomainException(where, "port='" + text + "' is not a USB port path",
              "write the port as decimal numbers joined by dots, at most " + MAX_USB_DEPTH
                  + " levels, e.g. port='1' or port='1.2' behind a hub, or remove it");
        }
        ended |= port == 0;
        if (!ended) {
          path.append(path.length() == 0 ? "" : ".").append(port);
        }
      }
      return path.length() == 0 ? null : path.toString();
    }

    /**
     * A CCID address, kept as written but for its controller and slot, which libvirt 9.0 reads
     * as decimal numbers only ("Expected non-negative integer value"): other text is refused
     * here, and a number is kept as one (' 1' is 1).
     */
    Address ccid() {
      Map<String, String> attributes = otherAttributes(element);
      for (String name : new String[] {"controller", "slot"}) {
        String text = Dom.attribute(element, name);
        Long value = text == null ? null : nonNegative(text, DECIMAL);
        if (text != null && (value == null || value > 999_999_999)) {
          throw new InvalidDomainException(where, name + "='" + text + "' is not a decimal number",
              "write " + name + " as a decimal number (0 for the first), or remove the <address>");
        }
        if (value != null) {
          attributes.put(name, value.toString());
        }
      }
      return new Address.Other("ccid", attributes);
    }

    int number(String name, AttributeValues.Base base, int min, int max) {
      return (int) longNumber(name, base, min, max);
    }

    /** The number, or null when it is none or has a sign: libvirt's "non-negative integer". */
    private static Long nonNegative(String text, AttributeValues.Base base) {
      return text.stripLeading().startsWith("-") ? null : AttributeValues.parse(text, base);
    }

    /** An attribute read as libvirt reads it in {@code base}; absent counts as 0. */
    long longNumber(String name, AttributeValues.Base base, long min, long max) {
      String text = Dom.attribute(element, name);
      if (text == null) {
        return 0;
      }
      Long parsed = nonNegative(text, base);
      if (parsed == null) {
        throw new InvalidDomainException(where, name + "='" + text + "' is not a number",
            "write " + name + switch (base) {
              case DECIMAL -> " in decimal (" + max + ")";
              case HEX -> " in hex (0x" + Long.toHexString(max) + ")";
              case ANY -> " as hex (0x" + Long.toHexString(max) + ") or decimal (" + max + ")";
            });
      }
      long value = parsed;
      if (value < min || value > max) {
        throw new InvalidDomainException(where,
            name + "='" + text + "' is out of range: " + name + " must be 0x" + Long.toHexString(min)
                + "..0x" + Long.toHexString(max),
            "choose a " + name + " in that range, or remove the <address> to have one assigned");
      }
      return value;
    }
  }
}
