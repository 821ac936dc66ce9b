package dev.backplane.spi;

import java.util.Locale;

/**
 * A form of a device other than its usual one, each with a QEMU device of its own (see
 * {@link DeviceModel#transports()}).
 */
@Experimental(since = "2026-12-01")
public enum DeviceTransport {
  /** libvirt's {@code virtio-transitional} model: the conventional-PCI legacy+modern device. */
  TRANSITIONAL,
  /** libvirt's {@code virtio-non-transitional} model: the modern-only device. */
  NON_TRANSITIONAL,
  /** On a virtio-mmio address. */
  MMIO,
  /** On an s390 channel-subsystem (CCW) address. */
  CCW;

  /** {@return the lower-case name used in tables and JSON} */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * {@return the transport a table's label stands for} Throws {@link IllegalArgumentException} for
   * an unknown label.
   *
   * @param label the label, as tables and JSON write it
   */
  public static DeviceTransport fromLabel(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT).replace('-', '_'));
  }
}
