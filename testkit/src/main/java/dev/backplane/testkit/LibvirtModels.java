package dev.backplane.testkit;

import java.util.Map;
import java.util.Set;

/**
 * The device models libvirt 9.0 knows for QEMU guests, by the {@code defaults} key that names one:
 * the libvirt XML vocabulary a machine's defaults must come from (NICs also take the QEMU NIC
 * names libvirt passes through, such as {@code ne2k_isa}).
 */
final class LibvirtModels {
  private LibvirtModels() {}

  static final Map<String, Set<String>> BY_DEFAULT = Map.of(
      "nicModel", Set.of("virtio", "virtio-transitional", "virtio-non-transitional", "e1000",
          "e1000e", "igb", "rtl8139", "usb-net", "spapr-vlan", "lan9118", "smc91c111", "ne2k_isa",
          "ne2k_pci", "pcnet", "i82551", "i82557b", "i82559er", "vmxnet3", "netfront"),
      "videoModel", Set.of("vga", "cirrus", "vmvga", "xen", "vbox", "qxl", "parallels", "virtio",
          "gop", "none", "bochs", "ramfb"),
      "usbModel", Set.of("piix3-uhci", "piix4-uhci", "ehci", "ich9-ehci1", "ich9-uhci1",
          "ich9-uhci2", "ich9-uhci3", "vt82c686b-uhci", "pci-ohci", "nec-xhci", "qusb1", "qusb2",
          "qemu-xhci", "none"),
      "scsiModel", Set.of("auto", "buslogic", "lsilogic", "lsisas1068", "vmpvscsi", "ibmvscsi",
          "virtio-scsi", "lsisas1078", "virtio-transitional", "virtio-non-transitional",
          "ncr53c90", "am53c974", "dc390"),
      "panicModel", Set.of("isa", "pseries", "hyperv", "s390", "pvpanic"));
}
