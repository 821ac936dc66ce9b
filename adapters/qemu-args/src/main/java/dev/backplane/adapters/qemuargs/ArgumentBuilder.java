package dev.backplane.adapters.qemuargs;

import dev.backplane.core.model.Address;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.InvalidDomainException;
import dev.backplane.core.model.Plan;
import dev.backplane.spi.BusKind;
import dev.backplane.spi.Connection;
import dev.backplane.spi.DeviceCatalog;
import dev.backplane.spi.DeviceModel;
import dev.backplane.spi.DeviceTransport;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Builds the arguments for one plan from the machine's device catalog (QEMU device per model and
 * transport, codecs, companions, built-in controllers) and {@link QemuAddresses} (bus and address
 * properties). The rules the catalog cannot express live here: primary versus secondary video,
 * the order of devices, and the null backends. Every {@code -device} is
 * one the target binary has (the machine's {@code qemuDevices}, when it knows them).
 */
final class ArgumentBuilder {
  private static final Set<DeviceKind> NO_DEVICE =
      Set.of(DeviceKind.GRAPHICS, DeviceKind.LEASE, DeviceKind.AUDIO, DeviceKind.REDIRFILTER);
  private static final String AUDIODEV = "audio1";
  /** The size libvirt gives an {@code <shmem>} without {@code <size>}. */
  private static final String SHMEM_SIZE = "4M";
  private static final String FLOPPY_SIZE = "1474560";

  /** The target indexes of the extra sPAPR host bridges written so far. */
  private final Set<String> hostBridgeIndexes = new HashSet<>();
  /** Devices on virtio-mmio so far: each takes one of the machine's transports. */
  private int mmioDevices;
  /** The names of the virtio-serial ports so far: QEMU refuses a second port of one name on any bus. */
  private final Set<String> portNames = new HashSet<>();
  /** QEMU 7.2's serial_hd limit for isa-serial (MAX_ISA_SERIAL_PORT). */
  private static final int MAX_ISA_SERIALS = 4;
  /** The catalog key of a PCI host device: what an {@code <interface type='hostdev'>} is. */
  private static final String PCI_HOSTDEV = "pci";
  private int isaSerials;
  private final Plan plan;
  private final DeviceCatalog catalog;
  private final QemuAddresses addresses;
  private final boolean stub;
  private final List<String> args = new ArrayList<>();
  private final Set<Device> emitted = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Device primaryVideo;
  /** The devices of the target binary; empty when unknown (then nothing is checked). */
  private final Set<String> qemuDevices;
  private boolean audiodevDefined;

  ArgumentBuilder(Plan plan, boolean stub) {
    this.plan = plan;
    this.catalog = plan.machine().devices();
    this.addresses = QemuAddresses.of(plan);
    this.stub = stub;
    this.qemuDevices = plan.machine().qemuDevices();
    this.primaryVideo = plan.of(DeviceKind.VIDEO).stream()
        .filter(v -> "yes".equals(v.attribute(Device.PRIMARY)))
        .findFirst()
        .orElseGet(() -> plan.of(DeviceKind.VIDEO).stream()
            .filter(v -> !"none".equals(v.model())).findFirst().orElse(null));
  }

  List<String> build() {
    // As libvirt starts QEMU: nothing QEMU would add by itself, and no window without <graphics>.
    args.add("-nodefaults");
    args.add("-machine");
    args.add(plan.machine().name() + machineOptions());
    if (plan.of(DeviceKind.GRAPHICS).isEmpty()) {
      args.add("-display");
      args.add("none");
    }
    // An IOMMU must exist before the PCI devices it translates for.
    plan.of(DeviceKind.IOMMU).forEach(this::emit);
    List<Device> ordered = new ArrayList<>(plan.controllers());
    ordered.sort(ArgumentBuilder::pciFirstByIndex);
    ordered.forEach(this::emit);
    plan.of(DeviceKind.HUB).forEach(this::emit);
    // Consoles after channels, as libvirt orders them: a virtio console takes the lowest free
    // virtio-serial port QEMU finds, so it must come after the channels' planned ports.
    plan.devices().stream().filter(d -> d.kind() != DeviceKind.CONSOLE).forEach(this::emit);
    plan.of(DeviceKind.CONSOLE).forEach(this::emit);
    return List.copyOf(args);
  }

  /** IOMMUs that are machine options rather than devices (aarch64 virt's {@code iommu=smmuv3}). */
  private String machineOptions() {
    StringBuilder options = new StringBuilder();
    for (Device iommu : plan.of(DeviceKind.IOMMU)) {
      DeviceModel model = row(iommu);
      if (!model.createsDevice()) {
        model.machineOption().ifPresent(option -> options.append(',').append(option));
      }
    }
    return options.toString();
  }

  /** Writes {@code d} once, after whatever it plugs into. */
  private void emit(Device d) {
    if (!emitted.add(d)) {
      return;
    }
    Device parent = parentOf(d);
    if (parent != null) {
      emit(parent);
    }
    if (!NO_DEVICE.contains(d.kind())) {
      write(d);
    }
  }

  private Device parentOf(Device d) {
    Address address = d.address();
    if (address instanceof Address.Pci pci) {
      return addresses.controller("pci", pci.bus());
    }
    if (address instanceof Address.Usb usb) {
      int dot = usb.port() == null ? -1 : usb.port().lastIndexOf('.');
      if (dot > 0) {
        String hubPort = usb.port().substring(0, dot);
        for (Device hub : plan.of(DeviceKind.HUB)) {
          if (hub.address() instanceof Address.Usb at && at.bus() == usb.bus() && hubPort.equals(at.port())) {
            return hub;
          }
        }
      }
      return addresses.controller("usb", usb.bus());
    }
    if (address instanceof Address.Drive drive && d.bus() != null) {
      return addresses.controller(d.bus(), drive.controller());
    }
    if (address instanceof Address.VirtioSerial vs) {
      return addresses.controller("virtio-serial", vs.controller());
    }
    if (address instanceof Address.Other other && "ccid".equals(other.type())) {
      return addresses.controller("ccid", Integer.parseInt(other.attributes().getOrDefault("controller", "0")));
    }
    if (d.kind() == DeviceKind.CONTROLLER && isCompanion(d)) {
      return addresses.controller("usb", d.index());
    }
    if (d.kind() == DeviceKind.CONSOLE && "virtio".equals(d.attribute(Device.TARGET_TYPE))) {
      return addresses.controller("virtio-serial", 0);
    }
    return null;
  }

  private void write(Device d) {
    if (d.kind() == DeviceKind.CONTROLLER) {
      writeController(d);
      return;
    }
    if (d.kind() == DeviceKind.MEMORY) { // a module needs -m slots and maxmem, -numa and a backend
      throw invalid(d, "qemu-args writes the device topology, not the guest's memory (-m, -numa and"
              + " memory backends), so it writes no memory modules",
          "plan the domain with --format libvirt or json and start it with libvirt, or leave the"
              + " memory module out of the domain given to qemu-args");
    }
    DeviceModel row = row(d);
    if (d.kind() == DeviceKind.NVRAM && d.address() instanceof Address.SpaprVio vio && vio.reg() != null) {
      args.add("-global"); // pSeries builds its NVRAM in; only its register can be set
      args.add("spapr-nvram.reg=0x" + Long.toHexString(vio.reg()));
      return;
    }
    if (!row.createsDevice()) {
      return;
    }
    String type = row.qemuDevice();
    if (d.kind() == DeviceKind.VIDEO) {
      boolean secondary = d != primaryVideo;
      boolean plain = row.secondaryDevice().isPresent();
      if (secondary && !plain) {
        throw invalid(d, "QEMU's " + type + " can only be the primary video device",
            "make it the primary video, or use qxl, virtio or bochs for a secondary one");
      }
      boolean pciTransport = d.address() == null || d.address() instanceof Address.Pci;
      // as libvirt: the plain device when the VGA-compatible one cannot be used, which it cannot
      // off PCI, as a secondary card, or when the binary lacks it (virtio-vga on ppc64 and arm)
      boolean noVga = plain && !has(type) && has(row.secondaryDevice().get());
      if (plain && (secondary || !pciTransport || noVga)) {
        type = row.secondaryDevice().get();
      }
    }
    if (d.kind() == DeviceKind.DISK) {
      type = withVirtioVariant(d, row, type);
    }
    if (d.kind() == DeviceKind.SERIAL && d.attribute(Device.TARGET_MODEL) != null) {
      // <target><model name> is the QEMU device (a built-in port such as pl011 never gets here)
      type = d.attribute(Device.TARGET_MODEL);
    }
    type = onTransport(d, row, type);
    Props props = new Props(type);
    if (d.qemuId() != null) {
      props.add("id", d.qemuId());
    }
    address(d, props);
    backend(d, row, type, props);
    zpci(d);
    device(d, props);
    if (d.kind() == DeviceKind.SOUND && row.codec().isPresent()) {
      Props codec = new Props(row.codec().get())
          .add("id", d.qemuId() + "-codec0")
          .add("bus", d.qemuId() + ".0")
          .add("cad", "0");
      audiodev(codec);
      device(d, codec);
    }
  }

  private void writeController(Device c) {
    if (isBuiltIn(c)) {
      return;
    }
    DeviceModel row = row(c);
    if (!row.createsDevice()) {
      return;
    }
    String type = onTransport(c, row, "pci".equals(c.type()) && c.attribute(Device.MODEL_NAME) != null
        ? c.attribute(Device.MODEL_NAME) : row.qemuDevice());
    Props props = new Props(type);
    boolean companion = isCompanion(c);
    if (companion) {
      props.add("masterbus", addresses.controller("usb", c.index()).qemuId() + ".0")
          .add("firstport", Integer.toString(row.firstPort().orElseThrow()));
    } else if (c.qemuId() != null) {
      props.add("id", c.qemuId());
    }
    address(c, props);
    if ("pci-root".equals(c.model()) && c.attribute(Device.TARGET_INDEX) != null) { // an extra sPAPR host bridge
      String index = c.attribute(Device.TARGET_INDEX);
      if (!hostBridgeIndexes.add(index)) {
        throw invalid(c, "a second host bridge with target index " + index + ", which QEMU refuses"
                + " (libvirt 9.0 accepts it)", "give each pci-root its own <target index>");
      }
      props.add("index", index);
    }
    props.addIfPresent("chassis_nr", c.attribute(Device.CHASSIS_NR))
        .addIfPresent("chassis", c.attribute(Device.CHASSIS))
        .addIfPresent("port", c.attribute(Device.PORT))
        .addIfPresent("bus_nr", c.attribute(Device.BUS_NR));
    if ("off".equals(c.attribute(Device.HOTPLUG))) {
      props.add("hotplug", "off");
    }
    if ("usb".equals(c.type()) && type.endsWith("xhci") && c.attribute(Device.PORTS) != null) {
      props.add("p2", c.attribute(Device.PORTS)).add("p3", c.attribute(Device.PORTS));
    }
    zpci(c);
    device(c, props);
  }

  /** Roots and what the machine builds in (q35's AHCI, PIIX3 IDE, i440fx's floppy controller). */
  private boolean isBuiltIn(Device c) {
    if ("pci".equals(c.type()) && c.index() == 0) {
      return true;
    }
    if (c.index() == null || c.index() != 0) {
      return false;
    }
    boolean implicit = plan.machine().implicitDevices().stream()
        .anyMatch(i -> i.controllerType().filter(c.type()::equals).isPresent());
    return implicit || addresses.catalogModel(c)
        .filter(model -> model.builtInOn().contains(plan.machine().family())).isPresent();
  }

  /** A companion controller behind the master of its set, of the same type and index. */
  private boolean isCompanion(Device c) {
    if (!addresses.isCompanion(c)) {
      return false;
    }
    Device master = addresses.controller(c.type(), c.index());
    return master != null && master != c && addresses.isSetMaster(master);
  }

  // --- catalog -----------------------------------------------------------------------------

  private DeviceModel row(Device d) {
    String kind = d.kind().element();
    String key = d.catalogKey();
    java.util.Optional<DeviceModel> found = (d.isHostdevInterface()
        ? catalog.find(DeviceKind.HOSTDEV.element(), PCI_HOSTDEV) : addresses.catalogModel(d))
        .filter(model -> !model.qemuDevice().equals(DeviceModel.NO_QEMU_DEVICE));
    if (found.isEmpty() && d.kind() == DeviceKind.HOSTDEV) { // whatever QEMU device, it needs the host's
      unstubbable(d, "a host device");
    }
    DeviceModel row = found
        .orElseThrow(() -> invalid(d,
            "QEMU has no device for " + kind + " '" + key + "' (" + catalog.origin() + ")",
            "use one of " + String.join(", ", catalog.keys(kind))));
    if (row.qemuDevice().equals(DeviceModel.NOT_ON_MACHINES)) {
      throw invalid(d, QemuArgs.binary(plan.machine()) + " 7.2 has no device for " + kind + " '"
          + key + "' that its machines can take, so the domain cannot start", alternatives(d));
    }
    return row;
  }

  /**
   * A disk carries {@code virtio-transitional} in its model, not in its key: the catalog's
   * transitional (or non-transitional) form of the device.
   */
  private static String withVirtioVariant(Device d, DeviceModel row, String type) {
    for (DeviceTransport variant : List.of(DeviceTransport.TRANSITIONAL, DeviceTransport.NON_TRANSITIONAL)) {
      if (("virtio-" + variant.label()).equals(d.model()) && row.transports().containsKey(variant)) {
        return row.transports().get(variant);
      }
    }
    return type;
  }

  // --- addresses ---------------------------------------------------------------------------

  /**
   * A device on another transport takes the catalog's form for it: on a virtio-mmio address the
   * transport-neutral {@code virtio-X-device} (QEMU picks a free transport itself), on a CCW
   * address {@code virtio-X-ccw}. Only the plain device has those forms.
   */
  private String onTransport(Device d, DeviceModel row, String type) {
    DeviceTransport transport = d.address() instanceof Address.VirtioMmio ? DeviceTransport.MMIO
        : d.address() instanceof Address.Ccw ? DeviceTransport.CCW : null;
    if (transport == null || row.connection() == Connection.CCW) {
      return type; // a channel device (vfio-ccw) is a CCW device in its own right
    }
    boolean plain = type.equals(row.qemuDevice()) || row.secondaryDevice().filter(type::equals).isPresent();
    String form = plain ? row.transports().get(transport) : null;
    if (form == null) {
      if (!has(type)) {
        throw missing(d, type); // not on PCI either: the binary has no such device at all
      }
      throw invalid(d, "QEMU's " + type + " has no " + d.address().type() + " form",
          "give it a PCI address");
    }
    if (transport == DeviceTransport.MMIO) {
      mmioDevices++;
      plan.machine().rootBuses().stream().filter(b -> b.kind() == BusKind.VIRTIO_MMIO)
          .flatMap(b -> b.transports().stream()).filter(n -> mmioDevices > n).findFirst()
          .ifPresent(n -> {
            throw invalid(d, "it is virtio-mmio device " + mmioDevices + ", and the machine has " + n
                    + " virtio-mmio transports, so QEMU refuses it (libvirt 9.0 accepts the address)",
                "give it a PCI address (<address type='pci'/>), or put fewer devices on virtio-mmio");
          });
    }
    return form;
  }

  /**
   * An s390 PCI device also needs its zPCI function, which names it as target; it must come first,
   * or QEMU gives the device a zPCI function of its own.
   */
  private void zpci(Device d) {
    String uid = d.attribute(Device.ZPCI_UID);
    if (uid == null || d.qemuId() == null) {
      return;
    }
    device(d, new Props("zpci").add("uid", uid).addIfPresent("fid", d.attribute(Device.ZPCI_FID))
        .add("target", d.qemuId()).add("id", "zpci" + Integer.decode(uid)));
  }

  private void address(Device d, Props props) {
    addresses.of(d).ifPresent(at -> {
      at.bus().ifPresent(bus -> props.add("bus", bus));
      at.properties().forEach(props::add);
    });
  }

  // --- backends ----------------------------------------------------------------------------

  /** Adds the backend property to {@code props} and, with stubs, defines the backend first. */
  private void backend(Device d, DeviceModel row, String type, Props props) {
    String id = d.qemuId();
    row.hostResource().ifPresent(resource -> unstubbable(d, resource));
    switch (d.kind()) {
      case DISK -> {
        String node = "drive-" + id;
        if (stub) {
          Props blockdev = new Props("driver=null-co").add("node-name", node);
          if ("floppy".equals(type)) {
            blockdev.add("size", FLOPPY_SIZE);
          }
          define("-blockdev", blockdev);
        }
        props.add("drive", node);
        if ("disk".equals(d.type()) && d.model() != null && d.model().startsWith("virtio-")) {
          // the (non-)transitional forms speak virtio 1.0, which refuses the SCSI passthrough that
          // machine types before 2.5 turn on for virtio-blk
          props.add("scsi", "off");
        }
      }
      case INTERFACE -> {
        String netdev = "host" + id;
        if (Set.of("hostdev", "vhostuser", "vdpa").contains(d.type())) {
          unstubbable(d, "a host network resource (interface type '" + d.type() + "')");
        }
        if (!d.isHostdevInterface()) { // a host device is its own backend
          if (stub) {
            define("-netdev", new Props("hubport").add("id", netdev).add("hubid", "0"));
          }
          props.add("netdev", netdev);
        }
      }
      case SERIAL, CONSOLE, CHANNEL, PARALLEL, REDIRDEV -> chardev(d, props);
      case SMARTCARD -> {
        chardev(d, props);
      }
      case RNG -> object(props, "rng", "obj" + id, new Props("rng-builtin").add("id", "obj" + id));
      case CRYPTO -> object(props, "cryptodev", "obj" + id,
          new Props("cryptodev-backend-builtin").add("id", "obj" + id));
      case SHMEM -> {
        object(props, "memdev", "shmmem-" + id, new Props("memory-backend-ram")
            .add("id", "shmmem-" + id).add("size", SHMEM_SIZE).add("share", "on"));
      }
      case FILESYSTEM -> {
        if ("vhost-user-fs-pci".equals(type)) {
          unstubbable(d, "a virtiofsd socket");
        }
        String fsdev = "fsdev-" + id;
        if (stub) {
          define("-fsdev", new Props("synth").add("id", fsdev));
        }
        props.add("fsdev", fsdev).add("mount_tag", id);
      }
      case SOUND -> {
        if (row.codec().isEmpty()) {
          audiodev(props); // no codec: the controller itself plays the sound
        }
      }
      case TPM -> {
        unstubbable(d, "a host TPM or swtpm");
        props.add("tpmdev", "tpm-" + id);
      }
      case VSOCK -> unstubbable(d, "/dev/vhost-vsock");
      case HOSTDEV -> unstubbable(d, "a host device");
      default -> {
        // no backend
      }
    }
    if (d.kind() == DeviceKind.CHANNEL && d.attribute(Device.TARGET_NAME) != null) {
      String name = d.attribute(Device.TARGET_NAME);
      if (!portNames.add(name)) {
        throw invalid(d, "a second virtio-serial port named '" + name + "', which QEMU refuses"
            + " (libvirt 9.0 accepts it)", "give each channel its own <target name>, or remove one");
      }
      props.add("name", name);
    }
    if ("isa-serial".equals(type)) {
      isaSerials++;
      String port = d.attribute(Device.PORT);
      if (isaSerials > MAX_ISA_SERIALS || port != null && !port.matches("[0-3]")) {
        throw invalid(d, "QEMU builds at most " + MAX_ISA_SERIALS + " ISA serial ports, target ports 0..3"
            + " (libvirt 9.0 accepts more when they are not written as isa-serial)",
            "remove a serial port, or give it target type pci-serial or usb-serial");
      }
      props.addIfPresent("index", port);
    }
  }

  private void chardev(Device d, Props props) {
    String chardev = "char" + d.qemuId();
    if (stub) {
      define("-chardev", new Props("null").add("id", chardev));
    }
    props.add("chardev", chardev);
  }

  private void object(Props props, String property, String id, Props object) {
    if (stub) {
      define("-object", object);
    }
    props.add(property, id);
  }

  private void audiodev(Props props) {
    if (stub && !audiodevDefined) {
      define("-audiodev", new Props("none").add("id", AUDIODEV));
      audiodevDefined = true;
    }
    props.add("audiodev", AUDIODEV);
  }

  private void unstubbable(Device d, String resource) {
    if (stub) {
      throw invalid(d, "needs " + resource + ", which --stub-backends cannot replace with a null backend",
          "remove the device, or leave out --stub-backends and supply the backend yourself");
    }
  }

  // --- output ------------------------------------------------------------------------------

  private void define(String option, Props value) {
    args.add(option);
    args.add(value.toString());
  }

  /** Writes a {@code -device}, or refuses {@code d} when the binary lacks the device's type. */
  private void device(Device d, Props props) {
    if (!has(props.type())) {
      throw missing(d, props.type());
    }
    define("-device", props);
  }

  private InvalidDomainException missing(Device d, String type) {
    return invalid(d, QemuArgs.binary(plan.machine()) + " (" + plan.arch() + ") has no device '"
        + type + "' for " + d.kind().element() + " '" + d.catalogKey() + "', so the domain cannot start",
        alternatives(d));
  }

  /** Whether the target binary has {@code type}; {@code true} when its devices are unknown. */
  private boolean has(String type) {
    return type != null && (qemuDevices.isEmpty() || qemuDevices.contains(type));
  }

  /** The fix for a device the binary lacks: the models of the same kind (and controller type) it has. */
  private String alternatives(Device d) {
    String kind = d.kind().element();
    String key = d.catalogKey();
    List<String> usable = new ArrayList<>();
    for (String other : catalog.keys(kind)) {
      DeviceModel row = catalog.find(kind, other).orElseThrow();
      boolean available = !row.qemuDevice().equals(DeviceModel.NOT_ON_MACHINES)
          && (!row.createsDevice() || has(row.qemuDevice())
              || d.kind() == DeviceKind.VIDEO && row.secondaryDevice().filter(this::has).isPresent());
      boolean sameType = d.kind() != DeviceKind.CONTROLLER
          || other.equals(d.type()) || other.startsWith(d.type() + "/");
      if (sameType && !other.equals(key) && available) {
        usable.add(other);
      }
    }
    return usable.isEmpty() ? "remove it: this QEMU has no " + kind + " device of that kind"
        : "remove it, or use one of the " + kind + " models this QEMU has: " + String.join(", ", usable);
  }

  private InvalidDomainException invalid(Device d, String rule, String fix) {
    return addresses.invalid(d, rule, fix);
  }

  /** A QEMU option value: {@code first,key=value,...}, commas in values doubled. */
  private static final class Props {
    private final String type;
    private final StringBuilder text;

    Props(String first) {
      type = first;
      text = new StringBuilder(first);
    }

    /** The first element: the QEMU device type of a {@code -device}. */
    String type() {
      return type;
    }

    Props add(String key, String value) {
      text.append(',').append(key).append('=').append(value.replace(",", ",,"));
      return this;
    }

    Props addIfPresent(String key, String value) {
      return value == null ? this : add(key, value);
    }

    @Override
    public String toString() {
      return text.toString();
    }
  }

  /**
   * PCI controllers first, then by index (written out: Comparator's factories return serializable
   * lambdas, which class-data archives do not hold).
   */
  private static int pciFirstByIndex(Device a, Device b) {
    int pci = Boolean.compare(!"pci".equals(a.type()), !"pci".equals(b.type()));
    return pci != 0 ? pci : Integer.compare(a.index() == null ? 0 : a.index(),
        b.index() == null ? 0 : b.index());
  }
}
