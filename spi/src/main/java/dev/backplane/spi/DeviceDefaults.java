package dev.backplane.spi;

import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * What a libvirt-compatible manager adds to a domain on this machine, and the models it gives
 * devices that name none.
 */
@Stable
@Value.Immutable
public abstract class DeviceDefaults {

  /**
   * {@return USB controller model added when the domain has no USB controller 0; empty: none is added}
   */
  public abstract Optional<String> usbController();

  /** {@return model given to a {@code <controller type='usb'/>} that names none} */
  public abstract Optional<String> usbModel();

  /** {@return whether a virtio memballoon is added when the domain has none} */
  @Value.Default
  public boolean memballoon() {
    return false;
  }

  /** {@return whether PS/2 mouse and keyboard are added} */
  @Value.Default
  public boolean ps2Inputs() {
    return false;
  }

  /**
   * {@return whether a USB keyboard and a USB mouse are added when the domain has graphics (pSeries): each
   * only when no USB input of its type exists, and the mouse also not when a USB tablet does}
   * Inputs on other buses (virtio, PS/2) do not count.
   */
  @Experimental(since = "2026-11-23")
  @Value.Default
  public boolean usbInputsWithGraphics() {
    return false;
  }

  /** {@return controller types whose index-0 controller is always added ({@code sata} on q35)} */
  public abstract List<String> controllers();

  /** {@return whether a panic device of {@link #panicModel()} is added when the domain has none} */
  @Value.Default
  public boolean panic() {
    return false;
  }

  /**
   * {@return model for a panic device that names none (and of the one added, see {@link #panic()})}
   */
  public abstract Optional<String> panicModel();

  /** {@return model for an interface that names none} */
  public abstract Optional<String> nicModel();

  /** {@return model for a video device that names none} */
  public abstract Optional<String> videoModel();

  /**
   * {@return the models a video other than the primary one may have (libvirt's QEMU driver: qxl and
   * virtio); empty when any model may}
   */
  public abstract List<String> secondaryVideoModels();

  /** {@return model for a SCSI controller that names none} */
  public abstract Optional<String> scsiModel();

  /** {@return target type for a serial port that names none ({@code isa-serial})} */
  public abstract Optional<String> serialTarget();

  /**
   * {@return the QEMU device ({@code <target><model name>}) a serial port of each target type gets when it
   * names none, such as {@code isa-serial → isa-serial} or, on ARM, {@code system-serial → pl011}}
   */
  @Experimental(since = "2026-11-23")
  public abstract java.util.Map<String, String> serialModels();

  /** {@return a new builder of device defaults} */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds device defaults; {@code build()} fails on a missing field. */
  public static class Builder extends ImmutableDeviceDefaults.Builder {}
}
