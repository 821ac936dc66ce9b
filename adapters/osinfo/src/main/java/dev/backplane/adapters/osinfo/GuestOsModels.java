package dev.backplane.adapters.osinfo;

import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.Domain;
import dev.backplane.core.model.Explanation;
import dev.backplane.core.model.InvalidDomainException;
import dev.backplane.core.model.PlanRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Chooses virtio models for the drivers a guest OS has, before planning. For each virtio device
 * class (net, blk, balloon, console, scsi, rng, 9p), osinfo-db lists a legacy PCI id ({@code
 * 1af4:1000}...) and a virtio 1.0 one ({@code 1af4:1041}, 0x1040 + the virtio device type):
 * <ul>
 *   <li>an OS with only the legacy driver gets a {@code virtio} device as {@code
 *       virtio-transitional}, which libvirt puts on conventional PCI (behind a pcie-to-pci-bridge
 *       on q35), where QEMU keeps the legacy interface; on a PCIe port it would be virtio 1.0 only;
 *   <li>an OS with neither driver is refused the device, naming the models it has drivers for;
 *       so is an OS without the virtio 1.0 driver a {@code virtio-non-transitional} device;
 *   <li>everything else is left as written.
 * </ul>
 * osinfo-db's device lists are x86 guests' (virt-install does not consult them on other
 * architectures either), so domains of other architectures are left as written. Devices the
 * planner adds (a default memballoon) are not seen here.
 */
public final class GuestOsModels {
  private static final String VIRTIO = "virtio";
  private static final String TRANSITIONAL = "virtio-transitional";
  private static final String NON_TRANSITIONAL = "virtio-non-transitional";
  private static final Set<String> X86 = Set.of("x86_64", "i686");
  /** Filesystem drivers that are no virtio-9p device: virtiofs, and the host-side ones. */
  private static final Set<String> NOT_9P = Set.of("virtiofs", "loop", "nbd", "ploop", "mtp");

  /** A virtio device class: its osinfo-db ids, the osinfo class of its alternatives, and a fallback fix. */
  private enum VirtioClass {
    NET("1000", "1041", "net", "use a NIC model it has a driver for"),
    BLK("1001", "1042", null, "put the disk on an emulated bus: bus='sata' on q35, bus='ide' on i440fx"),
    BALLOON("1002", "1045", null, "use <memballoon model='none'/>"),
    CONSOLE("1003", "1043", null, "use a serial port and a console of target type serial instead"),
    SCSI("1004", "1048", "block", "use a SCSI controller model it has a driver for"),
    RNG("1005", "1044", null, "remove the <rng> device"),
    NINE_P("1009", "1049", null, "remove the <filesystem> or share the files another way");

    final String legacy;
    final String modern;
    final String alternativesClass;
    final String fix;

    VirtioClass(String legacy, String modern, String alternativesClass, String fix) {
      this.legacy = legacy;
      this.modern = modern;
      this.alternativesClass = alternativesClass;
      this.fix = fix;
    }

    String legacyUri() {
      return "http://pcisig.com/pci/1af4/" + legacy;
    }

    String modernUri() {
      return "http://pcisig.com/pci/1af4/" + modern;
    }
  }

  private GuestOsModels() {}

  /**
   * {@code domain} with its virtio models chosen for {@code os}; with {@code explain}, a changed
   * device carries the reason ({@link PlanRule#GUEST_OS_TRANSITIONAL}).
   *
   * @throws InvalidDomainException when a device needs a virtio driver the OS does not have
   */
  public static Domain apply(Domain domain, GuestOs os, boolean explain) {
    String arch = domain.arch() == null ? "x86_64" : domain.arch();
    if (!X86.contains(arch)) {
      return domain;
    }
    List<Device> devices = new ArrayList<>(domain.devices().size());
    boolean changed = false;
    for (Device device : domain.devices()) {
      Device chosen = choose(device, os, explain);
      changed |= chosen != device;
      devices.add(chosen);
    }
    return changed ? new Domain(domain.arch(), domain.machine(), devices, domain.features()) : domain;
  }

  private static Device choose(Device device, GuestOs os, boolean explain) {
    VirtioClass virtio = classOf(device);
    if (virtio == null) {
      return device;
    }
    boolean legacy = os.supports(virtio.legacyUri());
    boolean modern = os.supports(virtio.modernUri());
    String model = virtioModel(device);
    String driver = os.deviceName(virtio.legacyUri()); // osinfo-db's name: virtio-net, virtio-block...
    if (!legacy && !modern) {
      throw refused(device, os, "has no " + driver + " driver: osinfo-db lists neither 1af4:"
          + virtio.legacy + " (legacy) nor 1af4:" + virtio.modern + " (virtio 1.0) for it", fix(os, virtio));
    }
    if (model.equals(NON_TRANSITIONAL) && !modern) {
      throw refused(device, os, "has only the legacy " + driver + " driver (osinfo-db lists 1af4:"
          + virtio.legacy + ", not 1af4:" + virtio.modern + "), and virtio-non-transitional is virtio 1.0 only",
          "use model virtio-transitional (or virtio, which Backplane then makes transitional)");
    }
    if (!model.equals(VIRTIO) || modern) {
      return device;
    }
    Device.Builder b = device.toBuilder().model(TRANSITIONAL);
    if (explain) {
      b.explanation(device.explanation().with(Explanation.Reason.of(PlanRule.GUEST_OS_TRANSITIONAL,
          os.shortId(), driver, "1af4:" + virtio.legacy, "1af4:" + virtio.modern)));
    }
    return b.build();
  }

  /** The virtio class of a device that is a virtio PCI device, else null. */
  private static VirtioClass classOf(Device d) {
    String model = d.model();
    boolean virtioModel = model != null
        && (model.equals(VIRTIO) || model.equals(TRANSITIONAL) || model.equals(NON_TRANSITIONAL));
    return switch (d.kind()) {
      case INTERFACE -> virtioModel && !d.isHostdevInterface() ? VirtioClass.NET : null;
      case DISK -> VIRTIO.equals(d.bus()) && (model == null || virtioModel) ? VirtioClass.BLK : null;
      case MEMBALLOON -> virtioModel ? VirtioClass.BALLOON : null;
      case RNG -> virtioModel ? VirtioClass.RNG : null;
      case CONTROLLER -> switch (String.valueOf(d.type())) {
        case "virtio-serial" -> model == null || virtioModel ? VirtioClass.CONSOLE : null;
        case "scsi" -> model != null && model.startsWith(VIRTIO) ? VirtioClass.SCSI : null; // libvirt's virtio-scsi too
        default -> null;
      };
      case FILESYSTEM -> (model == null || virtioModel) && !NOT_9P.contains(String.valueOf(d.attribute(Device.DRIVER)))
          ? VirtioClass.NINE_P : null;
      default -> null;
    };
  }

  /**
   * The model as one of virtio, virtio-transitional, virtio-non-transitional: a disk, a
   * virtio-serial controller or a filesystem without a model, and a SCSI controller of libvirt's
   * model virtio-scsi, are plain virtio.
   */
  private static String virtioModel(Device d) {
    String model = d.model();
    return TRANSITIONAL.equals(model) || NON_TRANSITIONAL.equals(model) ? model : VIRTIO;
  }

  private static String fix(GuestOs os, VirtioClass virtio) {
    List<String> alternatives = virtio.alternativesClass == null ? List.of()
        : os.emulatedDevices(virtio.alternativesClass);
    return virtio.fix + (alternatives.isEmpty() ? "" : ": " + String.join(", ", alternatives))
        + "; osinfo-db counts the drivers an OS ships, not ones installed later such as virtio-win";
  }

  private static InvalidDomainException refused(Device device, GuestOs os, String rule, String fix) {
    return new InvalidDomainException(device.describe(), "guest OS " + os + " " + rule, fix);
  }
}
