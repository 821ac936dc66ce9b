package dev.backplane.spi;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/**
 * What one libvirt device model is on one architecture: how it connects, which QEMU device stands
 * for it on each transport, and how devices behind it are addressed. A {@link DeviceCatalog} holds
 * one per {@link #kind()} and {@link #key()}.
 *
 * <p>The key is how libvirt names the model within its element: the {@code model} attribute for
 * most kinds ({@code e1000e}); for a controller {@code TYPE} or {@code TYPE/MODEL}
 * ({@code usb/qemu-xhci}); for a disk {@code BUS/DEVICE} ({@code virtio/disk}); for an input
 * {@code BUS/TYPE} ({@code usb/tablet}); for serial, console, channel and parallel ports the target
 * type; for a hostdev or hub its type, a redirdev its bus, a smartcard its mode; {@code -} when the
 * element names none. A key {@code *} (or {@code TYPE/*}) is the fallback for every other key of
 * its kind (or controller type).
 */
@Experimental(since = "2026-12-01")
@Value.Immutable
public abstract class DeviceModel {
  /** In {@link #qemuDevice()}: QEMU needs no {@code -device} (built in, or nothing to create). */
  public static final String NO_DEVICE = "-";
  /** In {@link #qemuDevice()}: the binary has the device, but none of the architecture's machines can take it. */
  public static final String NOT_ON_MACHINES = "!";
  /** In {@link #qemuDevice()}: QEMU has no device for the model (the row only says how it connects). */
  public static final String NO_QEMU_DEVICE = "?";

  /** The video {@code <model>} attributes {@link #videoMemory()} may give, in KiB. */
  public static final Set<String> VIDEO_MEMORY = Set.of("vram", "ram", "vgamem");

  /** How a SCSI controller addresses its disks. */
  @Experimental(since = "2026-12-01")
  public enum ScsiBus {
    /** One target of eight units; the drive unit is the SCSI id (LSI 53C895A, SAS1068). */
    NARROW,
    /** Channel, target and LUN from the drive address's bus, target and unit. */
    WIDE;

    /** {@return the lower-case name used in tables and JSON} */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** {@return the libvirt element ({@code interface}, {@code controller}, ...)} */
  public abstract String kind();

  /** {@return the model within the element (see the class comment)} */
  public abstract String key();

  /**
   * {@return how the device connects: PCIe, conventional PCI, either (virtio), integrated, or not PCI}
   */
  public abstract Connection connection();

  /**
   * {@return the QEMU device ({@code -device help} name) on PCI or the device's only bus, or one of
   * {@link #NO_DEVICE}, {@link #NOT_ON_MACHINES}, {@link #NO_QEMU_DEVICE}}
   */
  public abstract String qemuDevice();

  /** {@return the QEMU device on each other transport the device has} */
  public abstract Map<DeviceTransport, String> transports();

  /**
   * {@return video: the device of a secondary (non-primary) card, or when the VGA one cannot be used}
   */
  public abstract Optional<String> secondaryDevice();

  /** {@return sound: the HDA codec QEMU needs on the controller's bus} */
  public abstract Optional<String> codec();

  /**
   * {@return an IOMMU QEMU creates with a {@code -machine} option ({@code iommu=smmuv3}) instead of a device}
   */
  public abstract Optional<String> machineOption();

  /** {@return SCSI controller: how it addresses its disks} */
  public abstract Optional<ScsiBus> scsiBus();

  /**
   * {@return SCSI controller: the highest SCSI id it takes, if lower than what the drive address allows}
   */
  public abstract Optional<Integer> scsiMaxId();

  /**
   * {@return SCSI controller with a wide bus: the highest LUN QEMU's device takes, if it takes fewer}
   */
  public abstract Optional<Integer> scsiMaxLun();

  /**
   * {@return SCSI controller: the highest drive unit libvirt counts as free on it when it looks for
   * a SCSI host device's unit (virDomainSCSIDriveAddressIsUsed), if libvirt bounds it}
   */
  public abstract Optional<Integer> scsiHostdevMaxUnit();

  /**
   * {@return SCSI controller: a drive unit libvirt never gives a SCSI host device on it (the
   * controller's own SCSI id), if any}
   */
  public abstract Optional<Integer> scsiHostdevReservedUnit();

  /**
   * {@return USB controller: its number of ports (the default when {@link #usbPortsAttribute()} is set)}
   */
  public abstract Optional<Integer> usbPorts();

  /**
   * {@return USB controller: the controller attribute that sets the number of ports ({@code ports})}
   */
  public abstract Optional<String> usbPortsAttribute();

  /** {@return USB controller: the most ports {@link #usbPortsAttribute()} may set} */
  public abstract Optional<Integer> usbMaxPorts();

  /**
   * {@return USB: the speeds ({@code low}, {@code full}, {@code high}, {@code super}) a device runs
   * at, or those a controller's ports take by themselves} An EHCI port takes full-speed devices
   * only through a companion controller. Empty when any.
   */
  public abstract Set<String> usbSpeeds();

  /**
   * {@return what the QEMU device takes from the host that no null backend stands in for (a host SCSI
   * device, the host's certificate store, ...), in words for messages; empty when nothing}
   */
  public abstract Optional<String> hostResource();

  /**
   * {@return member of a companion set (ICH9's USB2 set): the controllers of one index share one slot, this
   * model at this function}
   */
  public abstract Optional<Integer> setFunction();

  /**
   * {@return companion controller: it has no ports of its own but serves the set master's, from this port
   * on (QEMU's {@code firstport})}
   */
  public abstract Optional<Integer> firstPort();

  /**
   * {@return the customary root-bus slot the machine may have for this model ({@link PreferredSlot})}
   */
  public abstract Optional<PlacementRole> role();

  /**
   * {@return pSeries: the spapr-vio {@code reg} the first device of this model gets (then steps of 0x1000)}
   */
  public abstract Optional<Long> spaprVioBase();

  /**
   * {@return the QEMU properties an ISA address ({@code iobase}, {@code irq}) is written as, in that
   * order, for a device that takes one: {@code iobase, irq} for {@code isa-serial}, {@code ioport}
   * alone for the ISA {@code pvpanic} (whose IRQ is fixed), {@link #NO_DEVICE} alone where libvirt
   * 9.0 leaves the address off the command line ({@code isa-parallel}); empty: the device takes no
   * ISA address}
   */
  @Experimental(since = "2026-12-03")
  public abstract List<String> isaAddress();

  /**
   * {@return video: the memory libvirt 9.0 gives the model when the domain names none, in KiB, per
   * attribute of its {@code <model>} ({@code vram}, {@code ram}, {@code vgamem}; see
   * {@link #VIDEO_MEMORY})}
   */
  @Experimental(since = "2026-12-04")
  public abstract Map<String, Integer> videoMemory();

  /**
   * {@return machine families that build the index-0 controller of this model in, without a PCI address}
   */
  public abstract Set<String> builtInOn();

  /**
   * {@return machine families whose machines lack the model although the binary may have its device:
   * libvirt 9.0 refuses it there (parallel ports on {@code pseries})}
   */
  @Experimental(since = "2026-12-02")
  public abstract Set<String> absentOn();

  /**
   * {@return the only machine families that have the model (empty: every family); libvirt 9.0 refuses
   * it on the others ({@code nvram} on {@code pseries} alone)}
   */
  @Experimental(since = "2026-12-02")
  public abstract Set<String> onlyOn();

  /**
   * {@return whether machines of {@code family} lack the model ({@link #absentOn}, {@link #onlyOn})}
   *
   * @param family a machine family ({@link MachineDescription#family()})
   */
  public boolean absentFrom(String family) {
    return absentOn().contains(family) || (!onlyOn().isEmpty() && !onlyOn().contains(family));
  }

  /**
   * {@return bytes of I/O port space the device's BARs take (0: none)} For a virtio device with a
   * transitional form, what its legacy BAR takes when QEMU makes it transitional (on conventional
   * PCI, or as the transitional model); behind a PCIe port it is modern-only and takes none.
   */
  @Experimental(since = "2026-11-30")
  @Value.Default
  public int ioPorts() {
    return 0;
  }

  /**
   * {@return whether libvirt refuses the model when the target binary lacks its QEMU device (libvirt 9.0
   * asks the binary's capabilities for it at define: usb-hub, SATA, ivshmem, ...)}
   */
  @Value.Default
  public boolean needsDevice() {
    return false;
  }

  /**
   * {@return the QEMU device libvirt asks the binary for when {@link #needsDevice} and it is not the
   * model's own: {@code i8042} for PS/2 inputs, which the machine builds in (empty: the model's own)}
   */
  @Experimental(since = "2026-12-02")
  public abstract Optional<String> neededDevice();

  /**
   * {@return whether libvirt 9.0 asks a PCI slot for the model although it sits on no PCI bus
   * (connect flags 0), and so refuses it without an address of its own (usb-net)}
   */
  @Experimental(since = "2026-12-02")
  @Value.Default
  public boolean needsAddress() {
    return false;
  }

  /**
   * {@return whether libvirt 9.0 refuses the model without a {@code <server>} to connect to (true:
   * ivshmem-doorbell) or with one (false: ivshmem-plain); empty: a server is not the model's concern}
   */
  @Experimental(since = "2026-12-02")
  public abstract Optional<Boolean> server();

  /** {@return whether QEMU gets a {@code -device} for it} */
  public boolean createsDevice() {
    return !qemuDevice().equals(NO_DEVICE) && !qemuDevice().equals(NOT_ON_MACHINES)
        && !qemuDevice().equals(NO_QEMU_DEVICE);
  }

  /** {@return whether the key is a fallback for other keys ({@code *}, {@code TYPE/*})} */
  public boolean isFallback() {
    return key().equals("*") || key().endsWith("/*");
  }

  /** {@return whether it is a companion of a set master (see {@link #firstPort()})} */
  public boolean isCompanion() {
    return firstPort().isPresent();
  }

  /** {@return whether it is the master of a companion set: in a set, and not a companion} */
  public boolean isSetMaster() {
    return setFunction().isPresent() && firstPort().isEmpty();
  }

  /**
   * Refuses an inconsistent model with an {@link IllegalArgumentException} naming it; run by the
   * builder's {@code build()}.
   */
  @Value.Check
  protected void check() {
    if (kind().isEmpty() || key().isEmpty() || qemuDevice().isEmpty()) {
      throw new IllegalArgumentException("DeviceModel: kind, key and qemuDevice must not be empty");
    }
    if (scsiMaxId().isPresent() && scsiBus().isEmpty()) {
      throw new IllegalArgumentException("DeviceModel " + kind() + " " + key() + ": scsiMaxId needs scsiBus");
    }
    if (scsiMaxLun().isPresent() && scsiBus().filter(ScsiBus.WIDE::equals).isEmpty()) {
      throw new IllegalArgumentException("DeviceModel " + kind() + " " + key() + ": scsiMaxLun needs scsiBus=wide");
    }
    if (usbPortsAttribute().isPresent() && usbPorts().isEmpty()) {
      throw new IllegalArgumentException(
          "DeviceModel " + kind() + " " + key() + ": usbPortsAttribute needs usbPorts (its default)");
    }
    if (!VIDEO_MEMORY.containsAll(videoMemory().keySet())) {
      throw new IllegalArgumentException("DeviceModel " + kind() + " " + key() + ": videoMemory names "
          + videoMemory().keySet() + ", not only vram, ram or vgamem");
    }
    for (int kib : videoMemory().values()) {
      if (kib <= 0) {
        throw new IllegalArgumentException("DeviceModel " + kind() + " " + key() + ": videoMemory is in KiB, above 0");
      }
    }
    if (usbMaxPorts().isPresent() && usbPortsAttribute().isEmpty()) {
      throw new IllegalArgumentException(
          "DeviceModel " + kind() + " " + key() + ": usbMaxPorts needs usbPortsAttribute");
    }
    if (neededDevice().isPresent() && !needsDevice()) {
      throw new IllegalArgumentException("DeviceModel " + kind() + " " + key() + ": neededDevice needs needsDevice");
    }
    if (needsAddress() && connection() != Connection.NONE) {
      throw new IllegalArgumentException(
          "DeviceModel " + kind() + " " + key() + ": needsAddress is for a model on no PCI bus (connection none)");
    }
  }

  /** {@return a new builder of a device model} */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a device model; {@code build()} fails on a missing field or a broken invariant. */
  public static class Builder extends ImmutableDeviceModel.Builder {}
}
