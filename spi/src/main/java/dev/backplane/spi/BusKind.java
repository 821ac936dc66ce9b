package dev.backplane.spi;

/** What kind of bus a machine offers, and so which addresses devices on it take. */
@Stable
public enum BusKind {
  /** Conventional PCI (i440fx, pSeries PHBs, s390 zPCI): devices take any slot from the first. */
  PCI,
  /** PCI Express root complex (q35, ARM virt): endpoints belong behind root ports. */
  PCIE,
  /** s390 channel subsystem: CCW addresses {@code cssid.ssid.devno}. */
  CCW,
  /** pSeries virtual I/O bus: devices take a {@code reg} value. */
  SPAPR_VIO,
  /** virtio-mmio transports: QEMU picks the transport, no address in the plan. */
  VIRTIO_MMIO,
  /** ISA only: no PCI at all (isapc, microvm). */
  ISA;

  /** {@return true for the kinds that take PCI addresses} */
  public boolean isPci() {
    return this == PCI || this == PCIE;
  }

  /** {@return lower-case name used in JSON and tables} */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  /**
   * {@return the bus kind a table's label stands for} Throws {@link IllegalArgumentException} for
   * an unknown label.
   *
   * @param label the label, as tables and JSON write it
   */
  public static BusKind fromLabel(String label) {
    for (BusKind kind : values()) {
      if (kind.label().equals(label)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown bus kind '" + label + "'");
  }
}
