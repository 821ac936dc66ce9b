package dev.backplane.spi;

/** How a class of device connects to a PCI topology. */
@Stable
public enum Connection {
  /** Conventional PCI endpoint (needs an I/O-capable slot: root bus of a PCI machine, or a bridge). */
  PCI,
  /** PCI Express endpoint: on a PCIe machine it goes behind a root or downstream port. */
  PCIE,
  /** virtio: PCIe on PCIe machines, conventional PCI elsewhere, or the machine's virtio transport. */
  VIRTIO,
  /** Integrated endpoint: must sit on root bus 0 whatever its kind. */
  INTEGRATED,
  /** s390 channel I/O: a CCW devno on a machine whose virtio transport is CCW, no PCI address. */
  CCW,
  /** Takes no PCI address (ISA, USB, drive, CCW-only, built into the board). */
  NONE;

  /** {@return the lower-case name used in tables and JSON} */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * {@return the connection a table's label stands for} Throws {@link IllegalArgumentException} for
   * an unknown label.
   *
   * @param label the label, as tables and JSON write it
   */
  public static Connection fromLabel(String label) {
    return valueOf(label.toUpperCase(java.util.Locale.ROOT));
  }
}
