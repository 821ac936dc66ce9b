package dev.backplane.core.plan;

import dev.backplane.core.model.Address;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.Explanation;
import dev.backplane.core.model.InvalidDomainException;
import dev.backplane.core.model.PlanRule;
import dev.backplane.spi.Connection;
import dev.backplane.spi.DeviceDefaults;
import dev.backplane.spi.DeviceModel;
import dev.backplane.spi.DeviceTransport;
import dev.backplane.spi.ImplicitDevice;
import dev.backplane.spi.MachineDescription;
import dev.backplane.spi.RootBus;
import dev.backplane.spi.VirtioTransport;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decides what exists before anything is placed, in libvirt's order: controller indexes, the
 * machine's default devices, default models, drive addresses and the controllers they imply.
 */
final class DomainDefaults {
  /** libvirt's VIR_MAX_ISA_SERIAL_PORTS: COM1..COM4. */
  private static final int MAX_ISA_SERIAL_PORTS = 4;
  /** Serial target types whose first port gets a stub console (libvirt's console compat). */
  private static final Set<String> CONSOLE_SERIALS =
      Set.of("isa-serial", "spapr-vio-serial", "system-serial", "sclp-serial");

  private final Work work;
  private final MachineDescription machine;
  private final DeviceDefaults defaults;

  private final Set<String> features;
  private final AddressTypes addressTypes;

  DomainDefaults(Work work, Set<String> features) {
    this.work = work;
    this.features = features;
    this.machine = work.machine;
    this.defaults = machine.defaults();
    this.addressTypes = new AddressTypes(work);
  }

  /** Units of libvirt's narrow SCSI bus (QEMU's domains are not wide SCSI). */
  private static final int NARROW_SCSI_UNITS = 7;

  void apply() {
    // libvirt 9.0 keeps no <crypto> device from a definition (dumpxml shows none): not planned
    work.list(DeviceKind.CRYPTO).clear();
    addressTypes.whileParsing();
    validateIsaSerialPorts();
    TargetPorts.assign(work); // before the console compatibility, as libvirt
    defaultInputBuses();
    addScsiHostdevControllersWhileParsing();
    assignControllerIndexes();
    refuseCompanionsWithoutMaster();
    refuseUsbControllersBesideNone();
    addConsoleCompat();
    addMachineDefaults();
    deviceModels();
    assignDriveAddresses();
    assignScsiHostdevAddresses();
    refuseScsiHostdevAddressClashes();
    refuseDuplicateDriveAddresses();
    addImplicitControllers();
    addImplicitVideo();
    controllerModels();
    validateControllers();
    validateModels();
    validateDevices();
    validateDriveTargets();
    validateConsoles();
    videoDefaults(); // after validateVideos, which counts the primaries as written
    addressTypes.validate();
  }

  /**
   * libvirt 9.0 refuses USB companion controllers when none of the USB controllers the domain
   * writes is anything else ("No master USB controller specified"), before it adds its default one.
   */
  private void refuseCompanionsWithoutMaster() {
    List<Device> usb = work.controllers("usb");
    boolean allCompanions = !usb.isEmpty();
    for (Device c : usb) {
      allCompanions &= work.modelOf(c).filter(DeviceModel::isCompanion).isPresent();
    }
    if (allCompanions) {
      Device companion = usb.get(0);
      throw new InvalidDomainException(companion.describe(),
          "a USB companion controller needs a master, and no USB controller of the domain is one",
          "add its set's master (<controller type='usb' index='" + companion.index()
              + "' model='ich9-ehci1'/>), or use a USB controller model that works alone (qemu-xhci)");
    }
  }

  /**
   * A USB controller of model none disables USB, so libvirt 9.0 refuses it beside any other USB
   * controller the domain writes ("Can't add another USB controller"), while it reads them. The
   * default USB controller it adds later does not count: with a none at index 1 and nothing at
   * index 0, index 0 still gets the machine's default controller.
   */
  private void refuseUsbControllersBesideNone() {
    List<Device> usb = work.controllers("usb");
    if (usb.size() < 2) {
      return;
    }
    for (Device none : usb) {
      if ("none".equals(none.model())) {
        throw new InvalidDomainException(none.describe(),
            "USB is disabled with model='none' but the domain writes other USB controllers",
            "remove the model='none' controller or the other USB controllers");
      }
    }
  }

  /**
   * The ISA serial ports written with target type isa-serial (libvirt 9.0 checks those alone,
   * before it gives untyped ports a type): at most four, with target ports 0..3 ("Maximum
   * supported number of ISA serial ports is '4'"), each port number once ("target port already
   * allocated"). Ports of other target types, or with no type written, may repeat or go past 3.
   */
  private void validateIsaSerialPorts() {
    if (work.list(DeviceKind.SERIAL).isEmpty()) {
      return;
    }
    Set<String> ports = new HashSet<>();
    int count = 0;
    for (Device d : work.list(DeviceKind.SERIAL)) {
      if (!"isa-serial".equals(d.attribute(Device.TARGET_TYPE))) {
        continue;
      }
      String port = d.attribute(Device.PORT);
      if (++count > MAX_ISA_SERIAL_PORTS || (port != null && isaPort(port) >= MAX_ISA_SERIAL_PORTS)) {
        throw new InvalidDomainException(d.describe(),
            "a machine has at most " + MAX_ISA_SERIAL_PORTS + " ISA serial ports, target ports 0.."
                + (MAX_ISA_SERIAL_PORTS - 1),
            "remove the extra isa-serial ports, or give them another target type (pci-serial)");
      }
      if (port != null && !ports.add(port)) {
        throw new InvalidDomainException(d.describe(),
            "another isa-serial port already has target port " + port,
            "give each isa-serial port its own <target port='N'/>, or leave the port out");
      }
    }
  }

  private static long isaPort(String port) {
    try {
      return Long.decode(port.trim());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * libvirt's console compatibility: a first console of target type serial (or none) stands for
   * the first serial port, which is added when missing; a first serial port of a platform type
   * gets a console when there is none, or when the first console is another kind (virtio), in
   * front of it. A port made from the console takes the console's address.
   */
  private void addConsoleCompat() {
    List<Device> consoles = work.list(DeviceKind.CONSOLE);
    List<Device> serials = work.list(DeviceKind.SERIAL);
    if (!consoles.isEmpty()) {
      Device console = consoles.get(0);
      String target = console.attribute(Device.TARGET_TYPE);
      if (target == null || "serial".equals(target)) {
        if (serials.isEmpty()) { // libvirt turns the console itself into the port: its address too
          Device port = work.add(Device.builder(DeviceKind.SERIAL).type(console.type()).address(console.address())
              .attribute(Device.PORT, "0").build(), PlanRule.CONSOLE_COMPAT, "serial port");
          if (work.explain && console.address() != null) {
            List<Device> ports = work.list(DeviceKind.SERIAL);
            ports.set(ports.indexOf(port), work.why(port, PlanRule.AS_WRITTEN, console.address()));
          }
          console = console.withAddress(null);
          consoles.set(0, console);
        }
        if (target == null) {
          consoles.set(0, console.toBuilder().attribute(Device.TARGET_TYPE, "serial")
              .attribute(Device.PORT, portOf(console)).build());
        }
      } else if (isPlatformSerial(serials)) {
        consoles.add(0, work.why(serialConsole(serials.get(0)).toBuilder().added(true).build(),
            PlanRule.CONSOLE_COMPAT, "serial console"));
      }
    } else if (isPlatformSerial(serials)) {
      work.add(serialConsole(serials.get(0)), PlanRule.CONSOLE_COMPAT, "serial console");
    }
  }

  /** Whether the first serial port is the machine's own (it then gets a console). */
  private static boolean isPlatformSerial(List<Device> serials) {
    if (serials.isEmpty()) {
      return false;
    }
    String target = serials.get(0).attribute(Device.TARGET_TYPE);
    return target == null || CONSOLE_SERIALS.contains(target);
  }

  private static Device serialConsole(Device serial) {
    return Device.builder(DeviceKind.CONSOLE).type(serial.type())
        .attribute(Device.TARGET_TYPE, "serial").attribute(Device.PORT, portOf(serial)).build();
  }

  private static String portOf(Device chardev) {
    return chardev.attribute(Device.PORT) == null ? "0" : chardev.attribute(Device.PORT);
  }

  /**
   * libvirt 9.0's check of disk sources (virDomainDiskDefValidate and the QEMU driver's): only a
   * cdrom or a floppy may be empty (no medium), so a device='disk' without a source is refused
   * ("missing source information"); a device='lun' passes a host block device through, so it needs
   * type='block' with a source, or type='network'.
   */
  private void validateDiskSources() {
    for (Device d : work.list(DeviceKind.DISK)) {
      boolean empty = "yes".equals(d.attribute(Device.SOURCE_EMPTY));
      String type = d.attribute(Device.DISK_TYPE);
      if ("disk".equals(d.type()) && empty) {
        throw new InvalidDomainException(d.describe(), "a disk of device='disk' needs a source (only a"
                + " cdrom or a floppy may be empty; libvirt: missing source information)",
            "add a <source file='...'/> (or dev=, dir=, a network or volume source), or make it a cdrom");
      }
      if ("lun".equals(d.type()) && type != null && !("network".equals(type) || "block".equals(type) && !empty)) {
        throw new InvalidDomainException(d.describe(), "a disk of device='lun' passes a host block device"
                + " through, so it needs type='block' and a source (or type='network')",
            "write <disk type='block' device='lun'> with a <source dev='/dev/...'/>, or make it device='disk'");
      }
    }
  }

  /** Only the first console may be a serial one; a console written without a target type is one. */
  private void validateConsoles() {
    List<Device> consoles = work.list(DeviceKind.CONSOLE);
    for (int i = 1; i < consoles.size(); i++) {
      String target = consoles.get(i).attribute(Device.TARGET_TYPE);
      if (target == null || "serial".equals(target)) {
        throw new InvalidDomainException(consoles.get(i).describe() + " #" + (i + 1),
            "only the first console can be a serial port",
            "give the other consoles another target type (virtio), or remove them");
      }
    }
  }

  /** Models libvirt 9.0 refuses whatever the machine. */
  private void validateModels() {
    for (Device d : work.list(DeviceKind.INPUT)) {
      if (d.model() != null && d.model().startsWith("virtio") && !"passthrough".equals(d.type())) {
        throw new InvalidDomainException(d.describe(),
            "virtio (non-)transitional models are only for input type='passthrough', not type='"
                + d.type() + "'",
            "remove the model attribute");
      }
    }
    for (Device d : work.list(DeviceKind.IOMMU)) {
      if (!machine.iommuModels().contains(d.model())) {
        throw new InvalidDomainException(d.describe(),
            "machine " + machine.name() + " takes no IOMMU of model '" + d.model() + "'"
                + (machine.iommuModels().isEmpty() ? "" : " (it takes " + machine.iommuModels() + ")"),
            "remove the <iommu> element or choose a machine type that has this IOMMU");
      }
      if ("virtio".equals(d.model()) && !features.contains("acpi")) {
        throw new InvalidDomainException(d.describe(), "a virtio IOMMU is described to the guest by ACPI",
            "add <acpi/> to <features>");
      }
    }
    for (Device d : work.list(DeviceKind.PANIC)) {
      if (d.model() == null) {
        throw new InvalidDomainException(d.describe(),
            "machine " + machine.name() + " has no default panic device",
            "name a panic model the machine has, or remove the <panic> element");
      }
      Optional<DeviceModel> model = work.modelOf(d);
      if (model.isEmpty()) {
        throw new InvalidDomainException(d.describe(),
            "the device catalog of " + machine.arch() + " has no panic model '" + d.model() + "'",
            "use one of " + machine.devices().keys("panic"));
      }
      if (DeviceModel.NO_QEMU_DEVICE.equals(model.get().qemuDevice())) {
        throw new InvalidDomainException(d.describe(),
            "the QEMU binary of " + machine.arch() + " has no device for panic model '" + d.model() + "'",
            "use a panic model the machine has, or remove the <panic> element");
      }
    }
  }

  /** Device rules libvirt 9.0 checks with QEMU 7.2, whatever the machine. */
  private void validateDevices() {
    validateDiskSources();
    // libvirt's mdev parsing: the model (vfio-pci, vfio-ccw, vfio-ap) says how it is addressed
    for (Device d : work.list(DeviceKind.HOSTDEV)) {
      if ("mdev".equals(d.type()) && d.model() == null) {
        throw new InvalidDomainException(d.describe(), "a mediated device needs a model attribute",
            "add model='vfio-pci', 'vfio-ccw' or 'vfio-ap'");
      }
    }
    // libvirt's mdev validation: one AP matrix device per guest
    int matrices = 0;
    for (Device d : work.list(DeviceKind.HOSTDEV)) {
      matrices += "mdev".equals(d.type()) && "vfio-ap".equals(d.model()) ? 1 : 0;
    }
    if (matrices > 1) {
      throw new InvalidDomainException("<hostdev type='mdev' model='vfio-ap'>",
          "only one host device of model vfio-ap is supported",
          "keep one vfio-ap mediated device; it can carry several adapters and domains");
    }
    // libvirt's NIC validation: a vDPA NIC has only the virtio frontend (not even its transitional forms)
    for (Device d : work.list(DeviceKind.INTERFACE)) {
      if ("vdpa".equals(d.type()) && !"virtio".equals(d.model())) {
        throw new InvalidDomainException(d.describe(),
            "a vDPA interface takes only a virtio model, not '" + d.model() + "'",
            "remove the <model>, or write <model type='virtio'/>");
      }
    }
    // libvirt's input validation: an evdev input is on no bus (on s390x every input defaults to
    // virtio), a passthrough input (virtio-input-host) on virtio alone
    for (Device d : work.list(DeviceKind.INPUT)) {
      if ("passthrough".equals(d.type()) && d.bus() != null && !"virtio".equals(d.bus())) {
        throw new InvalidDomainException(d.describe(),
            "a passthrough input is a virtio device; libvirt 9.0 refuses it on bus " + d.bus(),
            "remove the bus attribute, or write bus='virtio'");
      }
      if ("evdev".equals(d.type()) && d.bus() != null && !"none".equals(d.bus())) {
        throw new InvalidDomainException(d.describe(),
            "an evdev input takes no bus (libvirt 9.0 gives it bus " + d.bus() + " here and refuses it)",
            "remove the bus attribute; on s390x, where every input is virtio, use a virtio keyboard or mouse");
      }
    }
    // libvirt's character device validation: both SPICE channel types need SPICE graphics
    boolean spice = false;
    for (Device g : work.list(DeviceKind.GRAPHICS)) {
      spice |= "spice".equals(g.type());
    }
    for (DeviceKind kind : List.of(DeviceKind.SERIAL, DeviceKind.PARALLEL, DeviceKind.CHANNEL,
        DeviceKind.CONSOLE, DeviceKind.REDIRDEV, DeviceKind.SMARTCARD)) {
      for (Device d : work.list(kind)) {
        if (("spicevmc".equals(d.type()) || "spiceport".equals(d.type())) && !spice) {
          throw new InvalidDomainException(d.describe(),
              "a type='" + d.type() + "' character device needs SPICE graphics",
              "add <graphics type='spice'/>, or give the device another type (pty)");
        }
      }
    }
    refuseMissingQemuDevices();
    refuseUnconnectedModels();
    atMostOne(DeviceKind.WATCHDOG, "QEMU takes a single watchdog device"); // its address: AddressTypes
    atMostOne(DeviceKind.SMARTCARD, "QEMU 7.2 takes a single smartcard device");
    atMostOne(DeviceKind.NVRAM, "libvirt takes a single nvram device"); // virDomainDefParseXML
    Set<String> panics = new HashSet<>();
    for (Device d : work.list(DeviceKind.PANIC)) {
      if (d.model() != null && !panics.add(d.model())) {
        throw new InvalidDomainException(d.describe(), "a second panic device of model '" + d.model() + "'",
            "keep one <panic> per model");
      }
    }
    validateVideos();
    boolean usbOff = false;
    for (Device c : work.controllers("usb")) {
      usbOff |= "none".equals(c.model());
    }
    if (usbOff) {
      for (Device d : work.each()) {
        if (UsbPorts.usesUsb(d)) {
          throw new InvalidDomainException(d.describe(),
              "USB is disabled (<controller type='usb' model='none'/>) but this device is a USB device",
              "remove the device, or give the domain a USB controller (e.g. model='qemu-xhci')");
        }
      }
    }
  }

  /**
   * Models the machine lacks, which libvirt 9.0 refuses whatever their address: those the catalog
   * says the machine's family lacks ({@code absentOn}, {@code onlyOn}), and those it marks
   * {@code needsDevice} when the target binary lacks their QEMU device (on CCW, the CCW device) or
   * QEMU has none ({@code ?}).
   */
  private void refuseMissingQemuDevices() {
    boolean ccw = machine.virtioTransport() == VirtioTransport.CCW;
    String binary = machine.devices().qemuBinary().orElse("the QEMU binary of " + machine.arch());
    for (Device d : work.each()) {
      Optional<DeviceModel> found = work.modelOf(d);
      if (found.isEmpty()) {
        continue;
      }
      DeviceModel model = found.get();
      if (model.absentFrom(machine.family())) {
        throw new InvalidDomainException(d.describe(),
            "machine " + machine.name() + " has no such device (its family, " + machine.family() + ", lacks it), and libvirt 9.0 refuses it",
            "remove the element or choose a machine type that has it");
      }
      if (!model.needsDevice()) {
        continue;
      }
      // libvirt asks for the CCW device only of a device on CCW (given a CCW address, or none)
      boolean onCcw = ccw && (d.address() == null || d.address() instanceof Address.Ccw);
      String device = model.neededDevice().orElse(onCcw
          ? model.transports().getOrDefault(DeviceTransport.CCW, model.qemuDevice()) : model.qemuDevice());
      boolean none = DeviceModel.NO_QEMU_DEVICE.equals(device);
      boolean inBinary = device.equals(DeviceModel.NO_DEVICE) || device.equals(DeviceModel.NOT_ON_MACHINES)
          || machine.qemuDevices().isEmpty() || machine.qemuDevices().contains(device);
      if (none || !inBinary) {
        throw new InvalidDomainException(d.describe(),
            none ? binary + " has no device for this model, and libvirt 9.0 refuses it"
                : binary + " has no device '" + device + "', and libvirt 9.0 refuses the model without it",
            "remove the element or choose a model " + binary + " has");
      }
    }
  }

  /**
   * Models libvirt 9.0 refuses without something only the domain can give: an address of their
   * own for those it would ask a PCI slot for although they sit on no PCI bus
   * ({@code needsAddress}); a {@code <server>} for those that connect to one, and none for those
   * that cannot ({@code server}).
   */
  private void refuseUnconnectedModels() {
    for (Device d : work.each()) {
      Optional<DeviceModel> found = work.modelOf(d);
      if (found.isEmpty()) {
        continue;
      }
      DeviceModel model = found.get();
      if (model.needsAddress() && d.address() == null) {
        throw new InvalidDomainException(d.describe(),
            "model '" + model.key() + "' sits on no PCI bus, yet libvirt 9.0 asks a PCI slot for it when it has"
                + " no address (\"Cannot automatically add a new PCI bus for a device with connect flags 00\")",
            "give it an address on the bus it plugs into (a USB device: <address type='usb' bus='0' port='1'/>),"
                + " or choose a PCI model");
      }
      boolean hasServer = "yes".equals(d.attribute(Device.SERVER));
      if (model.server().isPresent() && model.server().get() != hasServer) {
        throw new InvalidDomainException(d.describe(), hasServer
                ? "model '" + model.key() + "' connects to no server, and libvirt 9.0 refuses it with <server>"
                : "model '" + model.key() + "' connects to a server, and libvirt 9.0 refuses it without <server>",
            hasServer ? "remove <server>, or choose a model that connects to one (ivshmem-doorbell)"
                : "add <server path='/var/lib/libvirt/shmem/NAME-sock'/>, or choose a model without a server");
      }
    }
  }

  /**
   * The target type of serial port {@code d} once libvirt 9.0 has read it: a written
   * {@code isa-serial}, as no type, becomes the machine's default (spapr-vio-serial on pseries,
   * system-serial on ARM and RISC-V virt, sclp-serial on s390x), for compatibility with old
   * definitions where isa-serial was the default everywhere.
   */
  static String serialTarget(Device d, DeviceDefaults defaults) {
    String written = d.attribute(Device.TARGET_TYPE);
    return written == null || written.equals("isa-serial")
        ? defaults.serialTarget().orElse(written) : written;
  }

  private void atMostOne(DeviceKind kind, String rule) {
    List<Device> list = work.list(kind);
    if (list.size() > 1) {
      throw new InvalidDomainException(list.get(1).describe() + " #2", rule,
          "keep one <" + kind.element() + "> element");
    }
  }

  /**
   * Video: one at most is marked primary='yes' (the list puts it first; unmarked, the first is the
   * primary); 'none' stands alone; only the primary may be a model the policy does not list as a
   * secondary one; a model that is no PCI device takes no address (libvirt drops the address of
   * video 'none', which creates nothing, and refuses ramfb's).
   */
  private void validateVideos() {
    List<Device> videos = work.list(DeviceKind.VIDEO);
    int primaries = 0;
    for (Device v : videos) {
      primaries += Work.isPrimaryVideo(v) ? 1 : 0;
    }
    if (primaries > 1) {
      throw new InvalidDomainException(videos.get(0).describe(), "only one video device can be primary",
          "remove primary='yes' from all <video> elements but one");
    }
    for (int i = 0; i < videos.size(); i++) {
      Device v = videos.get(i);
      if ("none".equals(v.model()) && videos.size() > 1) {
        throw new InvalidDomainException(v.describe(),
            "a video of type 'none' must be the only video device", "remove the other <video> elements or this one");
      }
      // after the default model is known (the machine's may be cirrus)
      List<String> secondary = defaults.secondaryVideoModels();
      if (i != 0 && !secondary.isEmpty() && !secondary.contains(v.model())) {
        throw new InvalidDomainException(v.describe(),
            "video type '" + v.model() + "' can only be the primary video device (secondary ones are "
                + String.join(" or ", secondary) + ")",
            "make it the only or primary video, or use model type " + String.join(" or ", secondary));
      }
      Optional<DeviceModel> row = work.modelOf(v).filter(m -> m.connection() == Connection.NONE);
      if (row.isPresent() && v.address() != null) {
        if (!DeviceModel.NO_DEVICE.equals(row.get().qemuDevice())) {
          throw new InvalidDomainException(v.describe(), "a " + v.model() + " video is no PCI device and takes no address",
              "remove the <address> of the " + v.model() + " video");
        }
        videos.set(i, v.withAddress(null));
      }
    }
  }

  /**
   * libvirt's limits on a drive address: SCSI, SATA and floppy controllers have one bus; IDE,
   * SATA, floppy and lsilogic-like SCSI controllers have target 0 only. A SCSI host device's drive
   * address is held to the SCSI rules as a disk's is (qemuValidateDomainDeviceDefAddress).
   */
  private void validateDriveTargets() {
    List<Device> onDrives = new ArrayList<>(work.list(DeviceKind.DISK));
    for (Device h : work.list(DeviceKind.HOSTDEV)) {
      if (isScsiHostdev(h)) {
        onDrives.add(h);
      }
    }
    for (Device d : onDrives) {
      String bus = d.kind() == DeviceKind.DISK ? d.bus() : "scsi";
      if (!(d.address() instanceof Address.Drive drive) || bus == null) {
        continue;
      }
      if ("fdc".equals(bus) && drive.controller() != 0) { // QEMU's machines have one floppy controller
        throw new InvalidDomainException(d.describe(),
            "a floppy drive is on fdc controller 0 only, not controller " + drive.controller(),
            "write controller='0' in the floppy's drive address; without one, name it fda or fdb"
                + " (a floppy's name N gives controller N / 2, unit N % 2)");
      }
      if (drive.bus() != 0 && Set.of("scsi", "sata", "fdc").contains(bus)) {
        throw new InvalidDomainException(d.describe(),
            "a " + bus + " controller has only bus 0, not bus " + drive.bus(),
            "write bus='0' in the " + noun(d) + "'s drive address");
      }
      Device controller = null;
      if ("scsi".equals(bus)) {
        for (Device c : work.controllers("scsi")) {
          if (Objects.equals(c.index(), drive.controller()) && c.model() != null) {
            controller = c;
            break;
          }
        }
      }
      // a SCSI controller whose units are its SCSI ids (scsiMaxId) has one target
      boolean oneTarget = controller == null ? Set.of("ide", "sata", "fdc").contains(bus)
          : work.modelOf(controller).flatMap(DeviceModel::scsiMaxId).isPresent();
      if (drive.target() != 0 && oneTarget) {
        throw new InvalidDomainException(d.describe(),
            "target must be 0 for " + (controller != null ? "controller model '" + controller.model() + "'"
                : "the " + bus + " controller") + ", not " + drive.target(),
            "write target='0' in the " + noun(d) + "'s drive address"
                + ("scsi".equals(bus) ? ", or put the " + noun(d) + " on a virtio-scsi controller" : ""));
      }
    }
  }

  private static String noun(Device d) {
    return d.kind() == DeviceKind.DISK ? "disk" : "host device";
  }

  /** Unindexed controllers take the lowest free index of their type (USB2 companions share). */
  private void assignControllerIndexes() {
    List<Device> controllers = work.list(DeviceKind.CONTROLLER);
    for (int i = 0; i < controllers.size(); i++) {
      Device c = controllers.get(i);
      if (c.index() != null) {
        continue;
      }
      int index = -1;
      if (i > 0 && inSet(c)) {
        Device prev = controllers.get(i - 1);
        boolean taken = false;
        for (Device o : controllers) {
          taken |= Objects.equals(o.model(), c.model()) && Objects.equals(o.index(), prev.index());
        }
        if (inSet(prev) && prev.index() != null && !taken) {
          index = prev.index();
        }
      }
      if (index < 0) {
        Set<Integer> used = new HashSet<>();
        for (Device o : controllers) {
          if (Objects.equals(o.type(), c.type()) && o.index() != null) {
            used.add(o.index());
          }
        }
        index = 0;
        while (used.contains(index)) {
          index++;
        }
      }
      work.set(DeviceKind.CONTROLLER, i,
          work.why(c.toBuilder().index(index).build(), PlanRule.CONTROLLER_INDEX, c.type(), index));
    }
  }

  private void addMachineDefaults() {
    defaults.usbController().ifPresent(model -> {
      if (!work.hasController("usb", 0)) {
        work.add(controller("usb", 0, model), PlanRule.DEFAULT_USB, model);
      }
    });
    for (String type : defaults.controllers()) {
      if (!work.hasController(type, 0)) {
        work.add(controller(type, 0, null), PlanRule.DEFAULT_CONTROLLER, type);
      }
    }
    Optional<RootBus> root = machine.pciRoot();
    if (root.isPresent() && !work.hasController("pci", 0)) {
      String model = root.get().controllerModel().orElseThrow();
      work.add(controller("pci", 0, model), PlanRule.PCI_ROOT, model, root.get().name());
    }
    if (defaults.memballoon() && work.list(DeviceKind.MEMBALLOON).isEmpty()) {
      work.add(Device.builder(DeviceKind.MEMBALLOON).model("virtio").build(), PlanRule.DEFAULT_MEMBALLOON);
    }
    if (defaults.ps2Inputs()) {
      addInputIfMissing("mouse", "ps2", PlanRule.DEFAULT_PS2_INPUT);
      addInputIfMissing("keyboard", "ps2", PlanRule.DEFAULT_PS2_INPUT);
    }
    if (defaults.usbInputsWithGraphics() && !work.list(DeviceKind.GRAPHICS).isEmpty()) {
      addInputIfMissing("keyboard", "usb", PlanRule.DEFAULT_USB_INPUT);
      boolean tablet = false;
      for (Device d : work.list(DeviceKind.INPUT)) {
        tablet |= "tablet".equals(d.type()) && "usb".equals(d.bus());
      }
      if (!tablet) {
        addInputIfMissing("mouse", "usb", PlanRule.DEFAULT_USB_INPUT);
      }
    }
    if (defaults.panic() && work.list(DeviceKind.PANIC).isEmpty()) {
      defaults.panicModel().ifPresent(model ->
          work.add(Device.builder(DeviceKind.PANIC).model(model).build(), PlanRule.DEFAULT_PANIC, model));
    }
  }

  /** An input that names no bus gets the catalog's bus for its type (PS/2 mice on x86, ...). */
  private void defaultInputBuses() {
    Map<String, String> buses = machine.devices().inputBuses();
    List<Device> inputs = work.list(DeviceKind.INPUT);
    for (int i = 0; i < inputs.size(); i++) {
      Device d = inputs.get(i);
      String bus = d.bus() != null ? null : buses.getOrDefault(d.type(), buses.get("*"));
      if (bus != null) {
        inputs.set(i, d.toBuilder().bus(bus).build());
      }
    }
  }

  private void addInputIfMissing(String type, String bus, PlanRule rule) {
    for (Device d : work.list(DeviceKind.INPUT)) {
      if (type.equals(d.type()) && bus.equals(d.bus())) {
        return;
      }
    }
    work.add(Device.builder(DeviceKind.INPUT).type(type).bus(bus).build(), rule, type);
  }

  /** Models for devices that name none, and disk buses implied by target names. */
  private void deviceModels() {
    // libvirt's QEMU driver gives a vDPA NIC without a model the virtio one (the vhost-vdpa
    // backend has no other frontend); other NICs get the machine's default model
    replaceAll(DeviceKind.INTERFACE, d -> d.model() == null && "vdpa".equals(d.type())
        ? d.toBuilder().model("virtio").build() : d);
    replaceAll(DeviceKind.INTERFACE, d -> d.model() == null && !d.isHostdevInterface()
        ? defaults.nicModel().map(m -> d.toBuilder().model(m).build()).orElse(d) : d);
    replaceAll(DeviceKind.VIDEO, d -> d.model() == null
        ? defaults.videoModel().map(m -> d.toBuilder().model(m).build()).orElse(d) : d);
    replaceAll(DeviceKind.DISK, d -> d.bus() == null
        ? d.toBuilder().bus(DiskNames.busFor(d.target(), d.type())).build() : d);
    // libvirt's QEMU driver writes every vsock without a model as model='virtio' (all machines)
    replaceAll(DeviceKind.VSOCK, d -> d.model() == null ? d.toBuilder().model("virtio").build() : d);
    replaceAll(DeviceKind.PANIC, d -> d.model() == null
        ? defaults.panicModel().map(m -> d.toBuilder().model(m).build()).orElse(d) : d);
    replaceAll(DeviceKind.SERIAL, d -> !Objects.equals(d.attribute(Device.TARGET_TYPE), serialTarget(d, defaults))
        ? d.toBuilder().attribute(Device.TARGET_TYPE, serialTarget(d, defaults)).build() : d);
    replaceAll(DeviceKind.SERIAL, d -> d.attribute(Device.TARGET_MODEL) == null
        && defaults.serialModels().containsKey(d.attribute(Device.TARGET_TYPE))
        ? d.toBuilder().attribute(Device.TARGET_MODEL,
            defaults.serialModels().get(d.attribute(Device.TARGET_TYPE))).build()
        : d);
  }

  /** Models for controllers, including the ones just added. */
  private void controllerModels() {
    replaceAll(DeviceKind.CONTROLLER, c -> {
      if (c.model() != null) {
        return c;
      }
      return switch (c.type() == null ? "" : c.type()) {
        case "usb" -> defaults.usbModel().map(m -> c.toBuilder().model(m).build()).orElse(c);
        case "scsi" -> defaults.scsiModel().map(m -> c.toBuilder().model(m).build()).orElse(c);
        default -> c;
      };
    });
  }

  /** Disks without an address get their controller, bus and unit from their name. */
  private void assignDriveAddresses() {
    Set<Address.Drive> hostdevDrives = new HashSet<>();
    for (Device h : work.list(DeviceKind.HOSTDEV)) {
      if (isScsiHostdev(h)) {
        addDrive(hostdevDrives, h);
      }
    }
    replaceAll(DeviceKind.DISK, d -> {
      if (d.address() != null || d.bus() == null) {
        return d;
      }
      int idx = DiskNames.index(d.target());
      if (idx < 0) {
        return d;
      }
      Address.Drive drive = switch (d.bus()) {
        case "ide" -> new Address.Drive(idx / 4, (idx % 4) / 2, 0, idx % 2);
        case "sata" -> new Address.Drive(idx / 6, 0, 0, idx % 6);
        case "fdc" -> new Address.Drive(idx / 2, 0, 0, idx % 2); // fdc, fdd: controller 1, refused
        case "scsi" -> new Address.Drive(idx / 7, 0, 0, idx % 7); // libvirt's narrow SCSI bus
        default -> null;
      };
      if (drive == null) {
        return d;
      }
      if ("scsi".equals(d.bus()) && hostdevDrives.contains(drive)) {
        throw new InvalidDomainException(d.describe(),
            "the drive address its name gives (" + Explanation.show(drive) + ") is a SCSI host device's",
            "give the disk a drive address of its own, or another name");
      }
      Device placed = d.withAddress(drive);
      return work.explain
          ? work.why(placed, PlanRule.DRIVE_FROM_NAME, d.target(), idx, new DriveArithmetic(d.bus(), drive))
          : placed;
    });
  }

  /**
   * A SCSI host device without an address takes the first unit of bus 0, target 0 that no SCSI
   * disk or host device uses, on the lowest controller index that has one (libvirt's narrow bus:
   * units 0-6), whether or not that controller exists yet.
   */
  private void assignScsiHostdevAddresses() {
    Set<Address.Drive> used = new HashSet<>();
    addScsiDiskDrives(used);
    List<Device> hostdevs = work.list(DeviceKind.HOSTDEV);
    for (Device d : hostdevs) {
      if (isScsiHostdev(d)) {
        addDrive(used, d);
      }
    }
    for (int i = 0; i < hostdevs.size(); i++) {
      Device d = hostdevs.get(i);
      if (!isScsiHostdev(d) || d.address() != null) {
        continue;
      }
      Address.Drive drive = null;
      for (int controller = 0; drive == null; controller++) {
        Optional<DeviceModel> model = scsiControllerModel(controller);
        int max = model.flatMap(DeviceModel::scsiHostdevMaxUnit).orElse(Integer.MAX_VALUE);
        int reserved = model.flatMap(DeviceModel::scsiHostdevReservedUnit).orElse(-1);
        for (int unit = 0; unit < NARROW_SCSI_UNITS && drive == null; unit++) {
          Address.Drive candidate = new Address.Drive(controller, 0, 0, unit);
          // libvirt counts units past the written controller model's last, and its own id, as used
          drive = unit <= max && unit != reserved && used.add(candidate) ? candidate : null;
        }
      }
      hostdevs.set(i, work.why(d.withAddress(drive), PlanRule.SCSI_HOSTDEV_UNIT, drive));
    }
  }

  /**
   * A SCSI host device's drive address, given or assigned, may be neither a SCSI disk's nor
   * another SCSI host device's.
   */
  private void refuseScsiHostdevAddressClashes() {
    if (work.list(DeviceKind.HOSTDEV).isEmpty()) {
      return;
    }
    Set<Address.Drive> disks = new HashSet<>();
    addScsiDiskDrives(disks);
    Set<Address.Drive> hostdevs = new HashSet<>();
    for (Device d : work.list(DeviceKind.HOSTDEV)) {
      if (isScsiHostdev(d) && d.address() instanceof Address.Drive drive) {
        String clash = disks.contains(drive) ? "a SCSI disk" : !hostdevs.add(drive) ? "another SCSI host device" : null;
        if (clash != null) {
          throw new InvalidDomainException(d.describe(),
              "its SCSI address " + Explanation.show(drive) + " is in use by " + clash,
              "give the host device a free drive address, or leave the address out");
        }
      }
    }
  }

  /** The catalog model of the SCSI controller with this index, as written (none: no limits). */
  private Optional<DeviceModel> scsiControllerModel(int index) {
    for (Device c : work.controllers("scsi")) {
      if (c.index() != null && c.index() == index) {
        return c.model() == null ? Optional.empty() : work.modelOf(c);
      }
    }
    return Optional.empty();
  }

  /** Adds the drive address of every SCSI disk that has one. */
  private void addScsiDiskDrives(Set<Address.Drive> drives) {
    for (Device d : work.list(DeviceKind.DISK)) {
      if ("scsi".equals(d.bus())) {
        addDrive(drives, d);
      }
    }
  }

  private static boolean isScsiHostdev(Device d) {
    return "scsi".equals(d.type());
  }

  private static void addDrive(Set<Address.Drive> used, Device d) {
    if (d.address() instanceof Address.Drive drive) {
      used.add(drive);
    }
  }

  /** How a disk's name index N becomes its drive address, per bus, for explanations. */
  private record DriveArithmetic(String bus, Address.Drive drive) {
    @Override
    public String toString() {
      String words = switch (bus) {
        case "ide" -> "controller = N / 4, bus = N % 4 / 2, unit = N % 2";
        case "sata" -> "controller = N / 6, unit = N % 6";
        case "fdc" -> "controller = N / 2, unit = N % 2";
        default -> "controller = N / 7, unit = N % 7 (libvirt's narrow SCSI bus)";
      };
      return bus + " " + words + ": " + dev.backplane.core.model.Explanation.show(drive);
    }
  }

  /** Two disks of one bus at one drive address (libvirt checks this after assigning them). */
  private void refuseDuplicateDriveAddresses() {
    Set<String> seen = new HashSet<>();
    for (Device d : work.list(DeviceKind.DISK)) {
      if (("cdrom".equals(d.type()) || "floppy".equals(d.type())) && "virtio".equals(d.bus())) {
        throw new InvalidDomainException(d.describe(),
            "a virtio disk has no ejectable media, so it cannot be a " + d.type(),
            "put the " + d.type() + " on another bus (sata, scsi, ide, usb) or make it device='disk'");
      }
      if (d.address() instanceof Address.Drive && d.bus() == null) {
        throw new InvalidDomainException(d.describe(),
            "a disk with a drive address needs <target dev='...'> (libvirt: missing target information)",
            "add a target such as <target dev='sda' bus='scsi'/>");
      }
      if (d.address() instanceof Address.Drive drive && !seen.add(d.bus() + " " + drive)) {
        throw new InvalidDomainException(d.describe(),
            "another " + d.bus() + " disk already has drive address controller='" + drive.controller()
                + "' bus='" + drive.bus() + "' target='" + drive.target() + "' unit='" + drive.unit() + "'"
                + " (a disk without an address gets controller = N / units, unit = N % units"
                + " from its name's index N)",
            "give the disk a free drive address, or rename disks so that their names do not map"
                + " to an address another disk uses");
      }
    }
  }

  /** Controllers implied by disks, virtio channels and consoles (scsi, fdc, ide, sata, virtio-serial). */
  private void addImplicitControllers() {
    for (String bus : List.of("scsi", "fdc", "ide", "sata")) {
      int max = -1;
      for (Device d : work.list(DeviceKind.DISK)) {
        if (bus.equals(d.bus()) && d.address() instanceof Address.Drive drive) {
          max = Math.max(max, drive.controller());
        }
      }
      Set<Integer> present = new HashSet<>(); // a set, not a walk of the list per index: a name can imply 80,000
      work.controllers(bus).forEach(c -> present.add(c.index()));
      for (int i = 0; i <= max; i++) {
        if (!present.contains(i)) {
          work.add(controller(bus, i, null), PlanRule.DRIVE_CONTROLLER, bus, i,
              work.explain ? diskOn(bus, i, max) : null);
        }
      }
    }
    List<Device> virtioPorts = new ArrayList<>(); // libvirt looks at channels before consoles
    for (DeviceKind kind : List.of(DeviceKind.CHANNEL, DeviceKind.CONSOLE)) {
      for (Device d : work.list(kind)) {
        if (VirtioSerialPorts.isVirtio(d)) {
          virtioPorts.add(d);
        }
      }
    }
    for (Device port : virtioPorts) {
      int index = port.address() instanceof Address.VirtioSerial vs ? vs.controller() : 0;
      if (!work.hasController("virtio-serial", index)) {
        work.add(controller("virtio-serial", index, null), PlanRule.VIRTIO_SERIAL_CONTROLLER, index, port);
      }
    }
    if (!work.list(DeviceKind.SMARTCARD).isEmpty() && !work.hasController("ccid", 0)) {
      work.add(controller("ccid", 0, null), PlanRule.CCID_CONTROLLER);
    }
    addScsiHostdevControllers(work.list(DeviceKind.HOSTDEV)); // then those SCSI host devices name
  }

  /**
   * libvirt adds SCSI controllers for SCSI host devices once while it parses them, before any
   * default or implied controller: after each host device, those up to the highest one the host
   * devices read so far name, where one without an address names controller 0. So they stand
   * before the machine's own controllers in the list.
   */
  private void addScsiHostdevControllersWhileParsing() {
    List<Device> read = new ArrayList<>();
    for (Device d : work.list(DeviceKind.HOSTDEV)) {
      read.add(d);
      if (isScsiHostdev(d) && (d.address() == null || d.address() instanceof Address.Drive)) {
        addScsiHostdevControllers(read);
      }
    }
  }

  /**
   * The SCSI controllers 0..N missing for {@code hostdevs}, N the highest controller their drive
   * addresses name (none without an address: {@code 0}). They take the model of the existing
   * controller named by the host device that raised N, the last one found with a model, so that
   * all of them are alike (libvirt's premise: a new controller because the named one is full).
   */
  private void addScsiHostdevControllers(List<Device> hostdevs) {
    int highest = -1;
    String model = null;
    Device namer = null;
    for (Device d : hostdevs) {
      if (!isScsiHostdev(d)) {
        continue;
      }
      int named = d.address() instanceof Address.Drive drive ? drive.controller() : d.address() == null ? 0 : -1;
      if (named > highest) {
        highest = named;
        namer = d;
        for (Device c : work.controllers("scsi")) {
          if (Objects.equals(c.index(), named) && c.model() != null) {
            model = c.model();
            break;
          }
        }
      }
    }
    for (int i = 0; i <= highest; i++) {
      if (!work.hasController("scsi", i)) {
        work.add(controller("scsi", i, model), PlanRule.DRIVE_CONTROLLER, "scsi", i, namer);
      }
    }
  }

  /** The disk whose drive address names controller {@code index} (or the highest), for explanations. */
  private Device diskOn(String bus, int index, int max) {
    Device highest = null;
    for (Device d : work.list(DeviceKind.DISK)) {
      if (bus.equals(d.bus()) && d.address() instanceof Address.Drive drive) {
        if (drive.controller() == index) {
          return d;
        }
        if (drive.controller() == max) {
          highest = d;
        }
      }
    }
    return highest;
  }

  /**
   * What libvirt 9.0 writes of a video's {@code <model>}: the first video is the primary one
   * (primary='yes'; one written primary is already first), every video has one head unless it
   * says more, and a model that names no memory the catalog's {@link DeviceModel#videoMemory()}
   * (16 MiB of VRAM for vga, 64 MiB of RAM and VRAM for qxl: virDomainDefPostParseVideo,
   * virDomainVideoDefaultRAM, the QEMU driver's qxl defaults). A video of model none it clears,
   * heads and primary too.
   */
  private void videoDefaults() {
    List<Device> videos = work.list(DeviceKind.VIDEO);
    for (int i = 0; i < videos.size(); i++) {
      Device video = videos.get(i);
      boolean none = "none".equals(video.model());
      Device.Builder b = video.toBuilder();
      if (none) {
        for (String key : List.of(Device.PRIMARY, Device.HEADS, Device.VRAM, Device.RAM, Device.VGAMEM)) {
          b.attribute(key, null);
        }
      } else {
        b.attribute(Device.PRIMARY, i == 0 ? "yes" : null); // libvirt writes primary='yes' alone
        defaultAttribute(b, video, Device.HEADS, "1");
        for (Map.Entry<String, Integer> memory : work.modelOf(video).map(DeviceModel::videoMemory).orElse(Map.of())
            .entrySet()) {
          defaultAttribute(b, video, memory.getKey(), memory.getValue().toString());
        }
      }
      Device defaulted = b.build();
      if (!defaulted.attributes().equals(video.attributes())) {
        videos.set(i, defaulted);
      }
    }
  }

  private static void defaultAttribute(Device.Builder b, Device d, String key, String value) {
    if (d.attribute(key) == null) {
      b.attribute(key, value);
    }
  }

  private void addImplicitVideo() {
    if (!work.list(DeviceKind.GRAPHICS).isEmpty() && work.list(DeviceKind.VIDEO).isEmpty()) {
      defaults.videoModel().ifPresent(model ->
          work.add(Device.builder(DeviceKind.VIDEO).model(model).build(), PlanRule.DEFAULT_VIDEO, model));
    }
  }

  /** Rules on controllers that libvirt checks when a domain is defined. */
  private void validateControllers() {
    Set<String> seen = new HashSet<>();
    for (Device c : work.list(DeviceKind.CONTROLLER)) {
      if (!inSet(c) && !seen.add(c.type() + "#" + c.index())) {
        throw new InvalidDomainException(c.describe(),
            "a second " + c.type() + " controller uses index " + c.index(),
            "give every " + c.type() + " controller its own index");
      }
      if ("ide".equals(c.type())) {
        if (!hasBuiltInController(machine, "ide")) {
          throw new InvalidDomainException(c.describe(),
              "machine " + machine.name() + " has no IDE controller and none can be added",
              "use bus='sata' (or 'scsi', 'virtio') for the disk instead of ide");
        }
        if (c.index() != 0) {
          throw new InvalidDomainException(c.describe(),
              "machine " + machine.name() + " has only one IDE controller (index 0)",
              "put IDE disks on controller 0 (at most 4 IDE disks: hda..hdd)");
        }
      }
      Optional<DeviceModel> row = work.modelOf(c);
      Long ports = row.flatMap(DeviceModel::usbPortsAttribute).map(c::number).orElse(null);
      if (ports != null && row.get().usbMaxPorts().filter(max -> ports > max).isPresent()) {
        throw new InvalidDomainException(c.describe(),
            "a '" + c.model() + "' controller has at most " + row.get().usbMaxPorts().get() + " ports",
            "write ports='" + row.get().usbMaxPorts().get() + "' or fewer, or add a <hub type='usb'/>");
      }
    }
  }

  /** A member of a companion set (ICH9's USB2 controllers), whose members share one index. */
  private boolean inSet(Device c) {
    return work.modelOf(c).flatMap(DeviceModel::setFunction).isPresent();
  }

  private void replaceAll(DeviceKind kind, java.util.function.UnaryOperator<Device> op) {
    List<Device> list = work.list(kind);
    for (int i = 0; i < list.size(); i++) {
      list.set(i, op.apply(list.get(i)));
    }
  }

  static Device controller(String type, int index, String model) {
    return Device.builder(DeviceKind.CONTROLLER).type(type).index(index).model(model).build();
  }

  /**
   * {@return whether the machine builds in the index-0 controller of {@code type}: an implicit
   * device of that controller type, or a catalog row built in on the machine's family (g3beige's IDE)}
   */
  static boolean hasBuiltInController(MachineDescription machine, String type) {
    return builtInController(machine, type).isPresent() || machine.devices().find("controller", type)
        .filter(model -> model.builtInOn().contains(machine.family())).isPresent();
  }

  /** The machine's implicit device that stands for controller {@code type} index 0, if any. */
  static Optional<ImplicitDevice> builtInController(MachineDescription machine, String type) {
    for (ImplicitDevice device : machine.implicitDevices()) {
      if (device.controllerType().filter(type::equals).isPresent()) {
        return Optional.of(device);
      }
    }
    return Optional.empty();
  }
}
