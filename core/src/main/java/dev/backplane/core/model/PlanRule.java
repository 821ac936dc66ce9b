package dev.backplane.core.model;

import dev.backplane.spi.Stable;
/**
 * Every rule the planner names when it explains a plan ({@code plan --explain}): its stable id,
 * where the rule lives (a field of the machine's data, or libvirt 9.0's policy as the planner
 * implements it), what it does, and its words. In the words, {@code {n}} stands for the n-th value
 * of a {@link Explanation.Reason}, {@code {n:x}} for it in hex.
 */
@Stable
public enum PlanRule {
  // what the domain gives
  /** {@code address.as-written} (places). */
  AS_WRITTEN("address.as-written", Effect.PLACES, "domain XML",
      "kept the address the domain gives: {0}"),
  /** {@code controller.lowest-free-index} (note). */
  CONTROLLER_INDEX("controller.lowest-free-index", Effect.NOTE, "libvirt 9.0 policy",
      "a {0} controller without an index takes the lowest free index of its type: {1}"),

  // what the guest OS can drive (decided before planning, from osinfo-db)
  /** {@code guest-os.virtio-transitional} (model). */
  GUEST_OS_TRANSITIONAL("guest-os.virtio-transitional", Effect.MODEL, "osinfo-db: {0}",
      "guest OS {0} has only the legacy {1} driver (osinfo-db lists {2}, not {3}): model"
          + " virtio-transitional, which goes on conventional PCI"),

  // what the machine adds
  /** {@code machine.pci-root} (adds). */
  PCI_ROOT("machine.pci-root", Effect.ADDS, "machine data: rootBuses",
      "added pci controller index 0 ({0}): the machine's PCI root bus {1}"),
  /** {@code machine.usb-controller} (adds). */
  DEFAULT_USB("machine.usb-controller", Effect.ADDS, "machine data: defaults.usbController",
      "added usb controller index 0 ({0}): the machine's default USB controller"),
  /** {@code machine.controllers} (adds). */
  DEFAULT_CONTROLLER("machine.controllers", Effect.ADDS, "machine data: defaults.controllers",
      "added {0} controller index 0: the machine always has one"),
  /** {@code machine.memballoon} (adds). */
  DEFAULT_MEMBALLOON("machine.memballoon", Effect.ADDS, "machine data: defaults.memballoon",
      "added a virtio memballoon: the machine gives every domain one"),
  /** {@code machine.ps2-inputs} (adds). */
  DEFAULT_PS2_INPUT("machine.ps2-inputs", Effect.ADDS, "machine data: defaults.ps2Inputs",
      "added a PS/2 {0}: the machine has a PS/2 mouse and keyboard"),
  /** {@code machine.usb-inputs-with-graphics} (adds). */
  DEFAULT_USB_INPUT("machine.usb-inputs-with-graphics", Effect.ADDS,
      "machine data: defaults.usbInputsWithGraphics",
      "added a USB {0}: the machine gives a domain with graphics USB input"),
  /** {@code machine.panic} (adds). */
  DEFAULT_PANIC("machine.panic", Effect.ADDS, "machine data: defaults.panic, defaults.panicModel",
      "added a panic device ({0}): the machine has one by default"),
  /** {@code machine.video-with-graphics} (adds). */
  DEFAULT_VIDEO("machine.video-with-graphics", Effect.ADDS, "machine data: defaults.videoModel",
      "added a {0} video: graphics need a video device"),

  // what devices imply
  /** {@code console.serial-compat} (adds). */
  CONSOLE_COMPAT("console.serial-compat", Effect.ADDS, "libvirt 9.0 policy",
      "added a {0}: libvirt pairs a first serial port with a serial console"),
  /** {@code drive.implied-controller} (adds). */
  DRIVE_CONTROLLER("drive.implied-controller", Effect.ADDS, "libvirt 9.0 policy",
      "added {0} controller index {1}: {2} has a drive address on it"),
  /** {@code virtio-serial.implied-controller} (adds). */
  VIRTIO_SERIAL_CONTROLLER("virtio-serial.implied-controller", Effect.ADDS, "libvirt 9.0 policy",
      "added virtio-serial controller index {0}: {1} is a virtio console or channel"),
  /** {@code virtio-serial.controllers-full} (adds). */
  VIRTIO_SERIAL_FULL("virtio-serial.controllers-full", Effect.ADDS, "libvirt 9.0 policy",
      "added virtio-serial controller index {0} (the lowest free index): every port of the others"
          + " is taken, and {1} needs one"),
  /** {@code ccid.implied-controller} (adds). */
  CCID_CONTROLLER("ccid.implied-controller", Effect.ADDS, "libvirt 9.0 policy",
      "added ccid controller index 0: smartcards plug into a CCID controller"),
  /** {@code usb.hub-added} (adds). */
  USB_HUB("usb.hub-added", Effect.ADDS, "libvirt 9.0 policy",
      "added a USB hub: {0} USB devices outnumber the {1} ports (a hub takes one and gives 8)"),

  // PCI
  /** {@code pci.chipset-function} (reserves). */
  PCI_RESERVED("pci.chipset-function", Effect.RESERVES, "machine data: implicitDevices, reservations",
      "{0} is not free: {1}"),
  /** {@code pci.built-in-controller} (places). */
  PCI_BUILT_IN("pci.built-in-controller", Effect.PLACES,
      "machine data: implicitDevices, reservations",
      "the first {0} controller is the chipset's own, at {1}"),
  /** {@code pci.preferred-slot} (places). */
  PCI_PREFERRED("pci.preferred-slot", Effect.PLACES, "machine data: preferredSlots.{0}",
      "role {0} prefers slots {1:x}; the first entirely free one gives {2}"),
  /** {@code pci.preferred-slot-busy} (note). */
  PCI_PREFERRED_BUSY("pci.preferred-slot-busy", Effect.NOTE, "machine data: preferredSlots.{0}",
      "role {0} prefers slots {1:x}, but none was free for it: placed by the general rule"),
  /** {@code pci.first-free-slot} (places). */
  PCI_FIRST_FREE("pci.first-free-slot", Effect.PLACES, "libvirt 9.0 policy",
      "{0}{1} takes the first free slot of the first bus that accepts it automatically:"
          + " bus {2} ({3}{4}) gives {5}{6}"),
  /** {@code pci.aggregate-slot} (places). */
  PCI_AGGREGATE("pci.aggregate-slot", Effect.PLACES, "libvirt 9.0 policy",
      "{0}{1} fills a slot function by function (libvirt 9.0 packs root ports into one"
          + " multifunction slot): bus {2} ({3}) gives {5}"),
  /** {@code pci.usb2-companion} (places). */
  PCI_USB2_COMPANION("pci.usb2-companion", Effect.PLACES, "libvirt 9.0 policy",
      "USB2 companion {0} of usb index {1} shares one slot with its set, at its own function: {2}"),
  /** {@code pci.moved-onto-added-bridge} (places). */
  PCI_MOVED_ONTO_ADDED_BRIDGE("pci.moved-onto-added-bridge", Effect.PLACES, "libvirt 9.0 policy",
      "written at {0} on a bus that did not exist; a conventional device there needs a root port"
          + " and a pcie-to-pci-bridge behind it, so the bridge is bus {1} and libvirt moves the"
          + " address onto it: {2}"),
  /** {@code pci.bus-added} (adds). */
  PCI_BUS_ADDED("pci.bus-added", Effect.ADDS, "libvirt 9.0 policy",
      "added pci controller index {0} ({1}) for {2}, which no bus so far could take in"
          + " libvirt's first pass (the second places every device, in order, on the final buses)"),
  /** {@code pci.bus-gap} (adds). */
  PCI_BUS_GAP("pci.bus-gap", Effect.ADDS, "libvirt 9.0 policy",
      "added pci controller index {0} ({1}): libvirt fills every index below the highest one used"),
  /** {@code pci.spare-root-port} (adds). */
  PCI_SPARE_ROOT_PORT("pci.spare-root-port", Effect.ADDS, "libvirt 9.0 policy",
      "added pci controller index {0} ({1}): libvirt keeps a spare pcie-root-port for hotplug"
          + " when it adds root ports to a new domain"),
  /** {@code pci.hotplug-reserve} (adds). */
  HOTPLUG_RESERVE("pci.hotplug-reserve", Effect.ADDS, "--hotplug-reserve",
      "added pci controller index {0} ({1}): {2}"),

  // the dense-1 placement policy (--policy dense)
  /** {@code dense.port} (adds). */
  DENSE_PORT("dense.port", Effect.ADDS, "dense-1 policy",
      "added pci controller index {0} ({1}): a hot-pluggable port for {2} (endpoints go {3} per"
          + " port: the least packing, from 1 to 8, that keeps the plan inside the PCI bus and I/O"
          + " budget of {4})"),
  /** {@code dense.switch} (adds). */
  DENSE_SWITCH("dense.switch", Effect.ADDS, "dense-1 policy",
      "added pci controller index {0} ({1}): the root bus holds only {2} root ports, so ports"
          + " beyond go behind switches (a root port, an x3130-upstream, up to 32"
          + " xio3130-downstream ports)"),
  /** {@code dense.pci-bridge} (adds). */
  DENSE_BRIDGE("dense.pci-bridge", Effect.ADDS, "dense-1 policy",
      "added pci controller index {0} ({1}): conventional PCI devices share pcie-to-pci-bridges"
          + " behind root ports, 31 slots each (one I/O window for all of them)"),
  /** {@code dense.port-function} (places). */
  DENSE_FUNCTION("dense.port-function", Effect.PLACES, "dense-1 policy",
      "a PCI Express endpoint takes the next function of its port's slot 0 ({1} per port,"
          + " multifunction when more than one): port index {0} gives {2}"),
  /** {@code dense.bridge-slot} (places). */
  DENSE_BRIDGE_SLOT("dense.bridge-slot", Effect.PLACES, "dense-1 policy",
      "a conventional PCI device takes the next slot of pcie-to-pci-bridge index {0}: {1}"),
  /** {@code pci.bridge-slot-kept} (reserves). */
  PCI_BRIDGE_SLOT("pci.bridge-slot-kept", Effect.RESERVES, "libvirt 9.0 policy",
      "while it decides which buses to add, libvirt holds a free slot for a future pci-bridge"
          + " ({0}): a device that would take the last free slot goes behind a new pci-bridge"),
  /** {@code zpci.lowest-free-ids} (places). */
  ZPCI_IDS("zpci.lowest-free-ids", Effect.PLACES, "machine data: zpci",
      "s390 PCI device: zPCI uid {0} and fid {1} (unused ones take the lowest free uid from 1"
          + " and fid from 0, in libvirt's device walk)"),

  // other buses
  /** {@code drive.from-name} (places). */
  DRIVE_FROM_NAME("drive.from-name", Effect.PLACES, "libvirt 9.0 policy",
      "{0} is disk number N = {1} of its bus; on {2}"),
  /** {@code drive.scsi-hostdev-unit} (places). */
  SCSI_HOSTDEV_UNIT("drive.scsi-hostdev-unit", Effect.PLACES, "libvirt 9.0 policy",
      "a SCSI host device takes the first unit (0-6) of bus 0, target 0 that no disk or host device"
          + " uses, on the lowest controller with one: {0}"),
  /** {@code spapr-vio.pci-address-as-reg} (places). */
  SPAPR_VIO_FROM_PCI("spapr-vio.pci-address-as-reg", Effect.PLACES, "libvirt 9.0 policy",
      "libvirt 9.0 reads the address {0} given to this spapr-vio device as a spapr-vio one"
          + " (reg = its first number + its second * 2^32, given when the low byte of its third is"
          + " not 0, as a PCI slot): {1}"),
  /** {@code spapr-vio.next-reg} (places). */
  SPAPR_VIO_REG("spapr-vio.next-reg", Effect.PLACES, "libvirt 9.0 policy",
      "{0} regs start at {1:x} and step by 0x1000; the next free gives {2}"),
  /** {@code ccw.next-devno} (places). */
  CCW_DEVNO("ccw.next-devno", Effect.PLACES, "machine data: virtioTransport ccw",
      "a virtio device on a CCW machine takes the next free devno of fe.0.xxxx in libvirt's"
          + " device walk: {0}"),
  /** {@code virtio-mmio.transport} (places). */
  VIRTIO_MMIO("virtio-mmio.transport", Effect.PLACES, "machine data: rootBuses virtio-mmio",
      "a virtio device goes on {0} when the machine has no PCI or a device asks for virtio-mmio"),
  /** {@code virtio-serial.next-port} (places). */
  VIRTIO_SERIAL_PORT("virtio-serial.next-port", Effect.PLACES, "libvirt 9.0 policy",
      "a virtio channel takes the first free port from 1 (port 0 is the console's) of the"
          + " lowest virtio-serial controller: {0}"),
  /** {@code usb.next-port} (places). */
  USB_PORT("usb.next-port", Effect.PLACES, "libvirt 9.0 policy",
      "a USB device takes the lowest free port of the lowest USB bus, a hub's ports after its"
          + " bus's own: {0}"),
  /** {@code ccid.next-slot} (places). */
  CCID_SLOT("ccid.next-slot", Effect.PLACES, "libvirt 9.0 policy",
      "a smartcard takes the next free slot of CCID controller 0: {0}"),
  /** {@code memory.next-dimm-slot} (places). */
  DIMM_SLOT("memory.next-dimm-slot", Effect.PLACES, "libvirt 9.0 policy",
      "a DIMM or NVDIMM memory module takes the lowest memory slot no other module holds: {0}"),
  /** {@code chardev.target-port} (note). */
  TARGET_PORT("chardev.target-port", Effect.NOTE, "libvirt 9.0 policy",
      "target port {0}: {1}"),
  /** {@code console.mirrors-serial} (places). */
  CONSOLE_MIRROR("console.mirrors-serial", Effect.PLACES, "libvirt 9.0 policy",
      "a first console of target type serial is the first serial port, and shows its address: {0}");

  /** What a rule does to the device it explains. */
  public enum Effect {
    /** Gives the device (part of) its address; the reason's text names the address. */
    PLACES,
    /** Adds the device to the domain; the reason's text names it (a controller by type and index). */
    ADDS,
    /** Takes an address away from automatic placement. */
    RESERVES,
    /** Says something the planner checked or skipped. */
    NOTE,
    /** Changes the model the domain gives, before planning (the written domain shows the new one). */
    MODEL
  }

  private final String id;
  private final Effect effect;
  private final String source;
  private final String words;

  PlanRule(String id, Effect effect, String source, String words) {
    this.id = id;
    this.effect = effect;
    this.source = source;
    this.words = words;
  }

  /** {@return the stable name, such as {@code pci.first-free-slot}} */
  public String id() {
    return id;
  }

  /** {@return what the rule does: place, add, reserve, choose a model or note} */
  public Effect effect() {
    return effect;
  }

  /**
   * {@return where the rule lives: {@code machine data: FIELD}, {@code libvirt 9.0 policy} or {@code domain XML}}
   */
  public String source() {
    return source;
  }

  /** {@return the words, with {@code {n}} placeholders} */
  public String words() {
    return words;
  }
}
