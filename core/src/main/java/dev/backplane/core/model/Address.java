package dev.backplane.core.model;

import dev.backplane.spi.Stable;
import java.util.Map;

/** Where a device sits on its bus; one record per address family. */
@Stable
public sealed interface Address {
  /**
   * A number as libvirt writes it in hex: {@code 0x}, lower-case digits, zero-padded to
   * {@code digits} ({@code hex(1, 4)} is {@code 0x0001}, {@code hex(254, 0)} is {@code 0xfe}).
   *
   * @param value the number
   * @param digits the fewest hex digits to write
   * @return the number in libvirt's hex spelling
   */
  static String hex(long value, int digits) {
    String hex = Long.toHexString(value);
    return hex.length() >= digits ? "0x" + hex : "0x" + "0".repeat(digits - hex.length()) + hex;
  }

  /** {@return the libvirt {@code <address type>} value} */
  String type();

  /** A PCI function; {@code bus} is a controller index, not a guest bus number. */
  record Pci(int domain, int bus, int slot, int function, Boolean multifunction) implements Address {
    /**
     * Checks the ranges.
     *
     * @param domain the PCI domain, which MUST be 0
     * @param bus the index of the PCI controller the device is on, 0..0xff
     * @param slot the slot, 0..0x1f
     * @param function the function, 0..7
     * @param multifunction the {@code multifunction} attribute: true, false, or null when unset
     * @throws IllegalArgumentException when the domain is not 0, or bus, slot or function is out of
     *     range
     */
    public Pci {
      if (domain != 0) {
        throw new IllegalArgumentException("PCI domain must be 0, not " + domain);
      }
      if (bus < 0 || bus > 0xff) {
        throw new IllegalArgumentException("PCI bus must be 0..0xff, not " + bus);
      }
      if (slot < 0 || slot > 0x1f) {
        throw new IllegalArgumentException("PCI slot must be 0..0x1f, not 0x" + Integer.toHexString(slot));
      }
      if (function < 0 || function > 7) {
        throw new IllegalArgumentException("PCI function must be 0..7, not " + function);
      }
    }

    /**
     * {@return the address in PCI domain 0, multifunction unset}
     *
     * @param bus the controller index
     * @param slot the slot, 0..0x1f
     * @param function the function, 0..7
     */
    public static Pci of(int bus, int slot, int function) {
      return new Pci(0, bus, slot, function, null);
    }

    /** {@return whether the device wants an address: libvirt treats 0000:00:00.x as "place me"} */
    public boolean isWanted() {
      return bus == 0 && slot == 0;
    }

    /**
     * {@return this address with {@code multifunction}}
     *
     * @param on true, false, or null when unset
     */
    public Pci withMultifunction(Boolean on) {
      return new Pci(domain, bus, slot, function, on);
    }

    @Override
    public String type() {
      return "pci";
    }

    @Override
    public String toString() {
      return String.format("%02x:%02x.%x", bus, slot, function);
    }
  }

  /** A disk's place on an IDE, SATA, SCSI or floppy controller. */
  record Drive(int controller, int bus, int target, int unit) implements Address {
    @Override
    public String type() {
      return "drive";
    }
  }

  /** A port on a virtio-serial controller. */
  record VirtioSerial(int controller, int bus, int port) implements Address {
    @Override
    public String type() {
      return "virtio-serial";
    }
  }

  /** A USB port such as {@code 1} or {@code 1.2} (behind a hub). */
  record Usb(int bus, String port) implements Address {
    @Override
    public String type() {
      return "usb";
    }
  }

  /** s390 channel I/O: {@code cssid.ssid.devno}. */
  record Ccw(int cssid, int ssid, int devno) implements Address {
    @Override
    public String type() {
      return "ccw";
    }

    @Override
    public String toString() {
      return String.format("%x.%x.%04x", cssid, ssid, devno);
    }
  }

  /** A pSeries virtual I/O device register; null while unassigned. */
  record SpaprVio(Long reg) implements Address {
    @Override
    public String type() {
      return "spapr-vio";
    }
  }

  /** A virtio-mmio transport, chosen by QEMU. */
  record VirtioMmio() implements Address {
    @Override
    public String type() {
      return "virtio-mmio";
    }
  }

  /** An address family Backplane does not plan, kept as written. */
  record Other(String type, Map<String, String> attributes) implements Address {
    /**
     * Copies the attributes.
     *
     * @param type the {@code <address type>}
     * @param attributes the other attributes of {@code <address>}, as written
     */
    public Other {
      attributes = Map.copyOf(attributes);
    }
  }
}
