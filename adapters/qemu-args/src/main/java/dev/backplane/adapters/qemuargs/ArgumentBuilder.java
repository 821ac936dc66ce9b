package dev.backplane.adapters.qemuargs;

import dev.backplane.adapters.qemuargs.QemuDeviceTable.Row;
import dev.backplane.core.model.Address;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.InvalidDomainException;
import dev.backplane.core.model.Plan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the arguments for one plan. The rules that the device table cannot express live here:
 * which controllers are built in, which bus and address properties a device gets, primary versus
 * secondary video, HDA codecs, USB companions, and the null backends. Every {@code -device} is
 * one the target binary has (the machine's {@code qemuDevices}, when it knows them).
 */
final class ArgumentBuilder {
  private static final Set<DeviceKind> NO_DEVICE =
      Set.of(DeviceKind.GRAPHICS, DeviceKind.LEASE, DeviceKind.AUDIO, DeviceKind.REDIRFILTER);
  private static final String AUDIODEV = "audio1";
  /** The size libvirt gives an {@code <shmem>} without {@code <size>}. */
  private static final String SHMEM_SIZE = "4M";
  private static final String FLOPPY_SIZE = "1474560";

  private final Plan plan;
  private final QemuDeviceTable table;
  private final boolean stub;
  private final List<String> args = new ArrayList<>();
  private final Set<Device> emitted = Collections.newSetFromMap(new IdentityHashMap<>());
  /** Controllers by {@code type:index}; for USB the master of a companion set. */
  private final Map<String, Device> controllers = new LinkedHashMap<>();
  private final Device primaryVideo;
  /** The devices of the target binary; empty when unknown (then nothing is checked). */
  private final Set<String> qemuDevices;
  private boolean audiodevDefined;

  ArgumentBuilder(Plan plan, QemuDeviceTable table, boolean stub) {
    this.plan = plan;
    this.table = table;
    this.stub = stub;
    this.qemuDevices = plan.machine().qemuDevices();
    for (Device c : plan.controllers()) {
      if (c.index() == null) {
        continue;
      }
      String key = c.type() + ":" + c.index();
      Device known = controllers.get(key);
      if (known == null || isCompanionModel(known) && !isCompanionModel(c)) {
        controllers.put(key, c);
      }
    }
    this.primaryVideo = plan.of(DeviceKind.VIDEO).stream()
        .filter(v -> "yes".equals(v.attribute(Device.PRIMARY)))
        .findFirst()
        .orElseGet(() -> plan.of(DeviceKind.VIDEO).stream()
            .filter(v -> !"none".equals(v.model())).findFirst().orElse(null));
  }

  List<String> build() {
    args.add("-machine");
    args.add(plan.machine().name() + machineOptions());
    // An IOMMU must exist before the PCI devices it translates for.
    plan.of(DeviceKind.IOMMU).forEach(this::emit);
    List<Device> ordered = new ArrayList<>(plan.controllers());
    ordered.sort(Comparator.comparing((Device c) -> !"pci".equals(c.type()))
        .thenComparing(c -> c.index() == null ? 0 : c.index()));
    ordered.forEach(this::emit);
    plan.of(DeviceKind.HUB).forEach(this::emit);
    plan.devices().forEach(this::emit);
    return List.copyOf(args);
  }

  /** IOMMUs that are machine options rather than devices (aarch64 virt's {@code iommu=smmuv3}). */
  private String machineOptions() {
    StringBuilder options = new StringBuilder();
    for (Device iommu : plan.of(DeviceKind.IOMMU)) {
      Row row = row(iommu);
      if (!row.createsDevice() && row.extra() != null) {
        options.append(',').append(row.extra());
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
      return controllers.get("pci:" + pci.bus());
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
      return controllers.get("usb:" + usb.bus());
    }
    if (address instanceof Address.Drive drive && d.bus() != null) {
      return controllers.get(d.bus() + ":" + drive.controller());
    }
    if (address instanceof Address.VirtioSerial vs) {
      return controllers.get("virtio-serial:" + vs.controller());
    }
    if (address instanceof Address.Other other && "ccid".equals(other.type())) {
      return controllers.get("ccid:" + other.attributes().getOrDefault("controller", "0"));
    }
    if (d.kind() == DeviceKind.CONTROLLER && isCompanion(d)) {
      return controllers.get("usb:" + d.index());
    }
    if (d.kind() == DeviceKind.CONSOLE && "virtio".equals(d.attribute(Device.TARGET_TYPE))) {
      return controllers.get("virtio-serial:0");
    }
    return null;
  }

  private void write(Device d) {
    if (d.kind() == DeviceKind.CONTROLLER) {
      writeController(d);
      return;
    }
    Row row = row(d);
    if (d.kind() == DeviceKind.NVRAM && d.address() instanceof Address.SpaprVio vio && vio.reg() != null) {
      args.add("-global"); // pSeries builds its NVRAM in; only its register can be set
      args.add("spapr-nvram.reg=0x" + Long.toHexString(vio.reg()));
      return;
    }
    if (!row.createsDevice()) {
      return;
    }
    String type = row.device();
    if (d.kind() == DeviceKind.VIDEO) {
      boolean secondary = d != primaryVideo;
      boolean plain = row.extra() != null && !QemuDeviceTable.NONE.equals(row.extra());
      if (secondary && !plain) {
        throw invalid(d, "QEMU's " + type + " can only be the primary video device",
            "make it the primary video, or use qxl, virtio or bochs for a secondary one");
      }
      boolean pciTransport = d.address() == null || d.address() instanceof Address.Pci;
      // as libvirt: the plain device when the VGA-compatible one cannot be used, which it cannot
      // off PCI, as a secondary card, or when the binary lacks it (virtio-vga on ppc64 and arm)
      boolean noVga = plain && !has(type) && has(row.extra());
      if (plain && (secondary || !pciTransport || noVga)) {
        type = row.extra();
      }
    }
    if (d.kind() == DeviceKind.DISK) {
      type = withVirtioVariant(d, type);
    }
    if (d.kind() == DeviceKind.SERIAL && d.attribute(Device.TARGET_MODEL) != null) {
      // <target><model name> is the QEMU device (a built-in port such as pl011 never gets here)
      type = d.attribute(Device.TARGET_MODEL);
    }
    type = onTransport(d, type);
    Props props = new Props(type);
    if (d.qemuId() != null) {
      props.add("id", d.qemuId());
    }
    address(d, props);
    backend(d, row, type, props);
    zpci(d);
    device(d, props);
    if (d.kind() == DeviceKind.SOUND && row.extra() != null) {
      Props codec = new Props(row.extra())
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
    Row row = row(c);
    if (!row.createsDevice()) {
      return;
    }
    String type = onTransport(c, "pci".equals(c.type()) && c.attribute(Device.MODEL_NAME) != null
        ? c.attribute(Device.MODEL_NAME) : row.device());
    Props props = new Props(type);
    boolean companion = isCompanion(c);
    if (companion) {
      props.add("masterbus", controllers.get("usb:" + c.index()).qemuId() + ".0")
          .add("firstport", row.extra());
    } else if (c.qemuId() != null) {
      props.add("id", c.qemuId());
    }
    address(c, props);
    if ("pci-root".equals(c.model())) {
      props.addIfPresent("index", c.attribute(Device.TARGET_INDEX)); // an extra sPAPR host bridge
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
    return implicit || table.builtIn(plan.machine().family(), c.type());
  }

  private static boolean isCompanionModel(Device c) {
    return c.model() != null && c.model().startsWith("ich9-uhci");
  }

  /** An ich9-uhciN behind an ich9-ehci1 of the same index. */
  private boolean isCompanion(Device c) {
    if (!"usb".equals(c.type()) || !isCompanionModel(c)) {
      return false;
    }
    Device master = controllers.get("usb:" + c.index());
    return master != null && master != c && "ich9-ehci1".equals(master.model());
  }

  // --- table -------------------------------------------------------------------------------

  private Row row(Device d) {
    String kind = d.kind().element();
    String key = key(d);
    Row row = table.find(kind, key).orElseThrow(() -> invalid(d,
        "QEMU has no device for " + kind + " '" + key + "' (" + QemuDeviceTable.DEVICES + ")",
        "use one of " + String.join(", ", table.keys(kind))));
    if (row.missingFromTarget()) {
      throw invalid(d, QemuArgs.defaultBinary(plan.arch()) + " 7.2 has no device for " + kind + " '"
          + key + "' that its machines can take, so the domain cannot start", alternatives(d));
    }
    return row;
  }

  private static String key(Device d) {
    String model = d.model() == null ? QemuDeviceTable.NONE : d.model();
    return switch (d.kind()) {
      case CONTROLLER -> d.model() == null ? d.type() : d.type() + "/" + d.model();
      case DISK -> d.bus() + "/" + d.type();
      case INPUT -> d.bus() + "/" + d.type();
      case SERIAL, CONSOLE, CHANNEL, PARALLEL -> orNone(d.attribute(Device.TARGET_TYPE));
      case HOSTDEV, HUB -> orNone(d.type());
      case REDIRDEV -> orNone(d.bus());
      case SMARTCARD -> orNone(d.attribute(Device.MODE));
      case FILESYSTEM -> "virtiofs".equals(d.attribute(Device.DRIVER)) ? "virtiofs" : model;
      default -> model;
    };
  }

  private static String orNone(String value) {
    return value == null ? QemuDeviceTable.NONE : value;
  }

  /** Disks and inputs carry {@code virtio-transitional} in their model, not in their key. */
  private static String withVirtioVariant(Device d, String type) {
    if ("virtio-transitional".equals(d.model())) {
      return type + "-transitional";
    }
    if ("virtio-non-transitional".equals(d.model())) {
      return type + "-non-transitional";
    }
    return type;
  }

  // --- addresses ---------------------------------------------------------------------------

  /**
   * virtio on another transport: on a virtio-mmio address QEMU takes the transport-neutral
   * {@code virtio-X-device} (and picks a free transport itself), on a CCW address
   * {@code virtio-X-ccw}, for a {@code virtio-X-pci}.
   */
  private String onTransport(Device d, String type) {
    String suffix = d.address() instanceof Address.VirtioMmio ? "-device"
        : d.address() instanceof Address.Ccw ? "-ccw" : null;
    if (suffix == null) {
      return type;
    }
    if (!type.startsWith("virtio-") && !type.startsWith("vhost-") || !type.endsWith("-pci")) {
      if (!has(type)) {
        throw missing(d, type); // not on PCI either: the binary has no such device at all
      }
      throw invalid(d, "QEMU's " + type + " has no " + d.address().type() + " form",
          "give it a PCI address");
    }
    return type.substring(0, type.length() - "-pci".length()) + suffix;
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
    Address address = d.address();
    if (address == null || address instanceof Address.VirtioMmio) {
      return;
    }
    if (address instanceof Address.Pci pci) {
      Device bus = controllers.get("pci:" + pci.bus());
      if (bus == null || bus.qemuId() == null) {
        throw invalid(d, "its PCI address " + pci + " names bus " + pci.bus()
            + ", but the plan has no PCI controller with that index", "report this planner bug");
      }
      // an extra PCI root (a pSeries host bridge) names its bus after itself: <id>.0
      String busName = pci.bus() > 0 && "pci-root".equals(bus.model()) ? bus.qemuId() + ".0" : bus.qemuId();
      props.add("bus", busName).add("addr", String.format("0x%02x.0x%x", pci.slot(), pci.function()));
      if (Boolean.TRUE.equals(pci.multifunction())) {
        props.add("multifunction", "on");
      }
    } else if (address instanceof Address.Usb usb) {
      props.add("bus", controllerId(d, "usb", usb.bus()) + ".0").add("port", usb.port());
    } else if (address instanceof Address.Drive drive) {
      driveAddress(d, drive, props);
    } else if (address instanceof Address.Ccw ccw) {
      props.add("devno", ccw.toString());
    } else if (address instanceof Address.SpaprVio vio && vio.reg() != null) {
      props.add("reg", "0x" + Long.toHexString(vio.reg()));
    } else if (address instanceof Address.VirtioSerial vs) {
      props.add("bus", controllerId(d, "virtio-serial", vs.controller()) + "." + vs.bus())
          .add("nr", Integer.toString(vs.port()));
    } else if (address instanceof Address.Other other && "ccid".equals(other.type())) {
      props.add("bus", controllerId(d, "ccid",
          Integer.parseInt(other.attributes().getOrDefault("controller", "0"))) + ".0");
    } else {
      throw invalid(d, "--format qemu-args does not write " + address.type() + " addresses",
          "use a PCI, USB or drive address");
    }
  }

  private void driveAddress(Device d, Address.Drive drive, Props props) {
    String bus = d.bus() == null ? "" : d.bus();
    switch (bus) {
      case "sata" -> props.add("bus", controllerId(d, "sata", drive.controller()) + "." + drive.unit());
      case "ide" -> props.add("bus", controllerId(d, "ide", drive.controller()) + "." + drive.bus())
          .add("unit", Integer.toString(drive.unit()));
      case "fdc" -> props.add("unit", Integer.toString(drive.unit()));
      case "scsi" -> {
        Device controller = controllers.get("scsi:" + drive.controller());
        String id = controllerId(d, "scsi", drive.controller());
        if (!row(controller).scsiUnitIsId()) {
          props.add("bus", id + ".0").add("channel", Integer.toString(drive.bus()))
              .add("scsi-id", Integer.toString(drive.target())).add("lun", Integer.toString(drive.unit()));
        } else {
          // "unit" or "unit:MAX": the unit is the SCSI id, which the controller caps at MAX
          String extra = row(controller).extra();
          int colon = extra == null ? -1 : extra.indexOf(':');
          if (colon > 0 && drive.unit() > Integer.parseInt(extra.substring(colon + 1))) {
            throw invalid(d, "its unit " + drive.unit() + " is a SCSI id, and QEMU's "
                    + row(controller).device() + " takes ids 0.." + extra.substring(colon + 1),
                "put the disk on a virtio-scsi controller, or give it a lower unit in <address>");
          }
          props.add("bus", id + "." + drive.bus()).add("scsi-id", Integer.toString(drive.unit()));
        }
      }
      default -> throw invalid(d, "--format qemu-args does not write drive addresses for bus '" + bus + "'",
          "use bus sata, ide, scsi, fdc, virtio or usb");
    }
  }

  private String controllerId(Device d, String type, int index) {
    Device controller = controllers.get(type + ":" + index);
    if (controller == null || controller.qemuId() == null) {
      throw invalid(d, "its address names " + type + " controller " + index
          + ", but the plan has no such controller", "report this planner bug");
    }
    return controller.qemuId();
  }

  // --- backends ----------------------------------------------------------------------------

  /** Adds the backend property to {@code props} and, with stubs, defines the backend first. */
  private void backend(Device d, Row row, String type, Props props) {
    String id = d.qemuId();
    switch (d.kind()) {
      case DISK -> {
        if ("scsi-block".equals(type)) {
          unstubbable(d, "a host SCSI device (device='lun')");
        }
        String node = "drive-" + id;
        if (stub) {
          Props blockdev = new Props("driver=null-co").add("node-name", node);
          if ("floppy".equals(type)) {
            blockdev.add("size", FLOPPY_SIZE);
          }
          define("-blockdev", blockdev);
        }
        props.add("drive", node);
      }
      case INTERFACE -> {
        String netdev = "host" + id;
        if (Set.of("hostdev", "vhostuser", "vdpa").contains(d.type())) {
          unstubbable(d, "a host network resource (interface type '" + d.type() + "')");
        }
        if (stub) {
          define("-netdev", new Props("hubport").add("id", netdev).add("hubid", "0"));
        }
        props.add("netdev", netdev);
      }
      case SERIAL, CONSOLE, CHANNEL, PARALLEL, REDIRDEV -> chardev(d, props);
      case SMARTCARD -> {
        if ("ccid-card-emulated".equals(type)) {
          unstubbable(d, "the host's certificate store (smartcard mode '" + d.attribute(Device.MODE) + "')");
        } else {
          chardev(d, props);
        }
      }
      case RNG -> object(props, "rng", "obj" + id, new Props("rng-builtin").add("id", "obj" + id));
      case CRYPTO -> object(props, "cryptodev", "obj" + id,
          new Props("cryptodev-backend-builtin").add("id", "obj" + id));
      case SHMEM -> {
        if ("ivshmem-doorbell".equals(type)) {
          unstubbable(d, "an ivshmem server socket");
        }
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
        if (row.extra() == null) {
          audiodev(props); // no codec: the controller itself plays the sound
        }
      }
      case TPM -> {
        unstubbable(d, "a host TPM or swtpm");
        props.add("tpmdev", "tpm-" + id);
      }
      case VSOCK -> unstubbable(d, "/dev/vhost-vsock");
      case HOSTDEV -> unstubbable(d, "a host device");
      case INPUT -> {
        if ("virtio-input-host-pci".equals(type)) {
          unstubbable(d, "a host evdev device");
        }
      }
      default -> {
        // no backend
      }
    }
    if (d.kind() == DeviceKind.CHANNEL) {
      props.addIfPresent("name", d.attribute(Device.TARGET_NAME));
    }
    if ("isa-serial".equals(type)) {
      props.addIfPresent("index", d.attribute(Device.PORT));
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
    return invalid(d, QemuArgs.defaultBinary(plan.arch()) + " (" + plan.arch() + ") has no device '"
        + type + "' for " + d.kind().element() + " '" + key(d) + "', so the domain cannot start",
        alternatives(d));
  }

  /** Whether the target binary has {@code type}; {@code true} when its devices are unknown. */
  private boolean has(String type) {
    return type != null && (qemuDevices.isEmpty() || qemuDevices.contains(type));
  }

  /** The fix for a device the binary lacks: the models of the same kind (and controller type) it has. */
  private String alternatives(Device d) {
    String kind = d.kind().element();
    String key = key(d);
    List<String> usable = new ArrayList<>();
    for (String other : table.keys(kind)) {
      Row row = table.find(kind, other).orElseThrow();
      boolean available = !row.missingFromTarget() && (!row.createsDevice() || has(row.device())
          || d.kind() == DeviceKind.VIDEO && row.extra() != null && has(row.extra()));
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
    return new InvalidDomainException(d.describe(), rule + " on " + plan.machine().name(), fix);
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
}
