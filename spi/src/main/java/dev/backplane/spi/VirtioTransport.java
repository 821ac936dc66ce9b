package dev.backplane.spi;

/** Where a machine puts virtio devices that have no address. */
@Stable
public enum VirtioTransport {
  /** virtio-pci (the default). */
  PCI,
  /** virtio-ccw on the channel subsystem (s390). */
  CCW,
  /** virtio-mmio transports (boards without PCI). */
  MMIO;

  /** {@return the lower-case name used in tables and JSON} */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
