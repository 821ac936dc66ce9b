package dev.backplane.spi;

/** Devices a chipset has a customary root-bus slot for (see {@link PreferredSlot}). */
@Stable
public enum PlacementRole {
  /** The first video device (i440fx 02.0, q35 01.0). */
  PRIMARY_VIDEO,
  /** An ICH9 USB2 set (ich9-uhci1..3 at .0-.2 and ich9-ehci1 at .7), in slot order per set. */
  USB2_SET,
  /** The first ich9 HD-audio device (q35 1b.0). */
  HDA_SOUND,
  /** A dmi-to-pci-bridge (q35 1e.0). */
  DMI_TO_PCI_BRIDGE;

  /** {@return the lower-case name used in tables and JSON} */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  /**
   * {@return the role a table's label stands for} Throws {@link IllegalArgumentException} for an
   * unknown label.
   *
   * @param label the label, as tables and JSON write it
   */
  public static PlacementRole fromLabel(String label) {
    return valueOf(label.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
  }
}
