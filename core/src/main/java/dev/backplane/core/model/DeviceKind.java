package dev.backplane.core.model;

import dev.backplane.spi.Stable;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The kinds of device a domain lists, named as libvirt's elements are. */
@Stable
public enum DeviceKind {
  /** {@code <disk>}. */
  DISK,
  /** {@code <controller>}. */
  CONTROLLER,
  /** {@code <lease>}. */
  LEASE,
  /** {@code <filesystem>}. */
  FILESYSTEM,
  /** {@code <interface>}. */
  INTERFACE,
  /** {@code <smartcard>}. */
  SMARTCARD,
  /** {@code <serial>}. */
  SERIAL,
  /** {@code <parallel>}. */
  PARALLEL,
  /** {@code <console>}. */
  CONSOLE,
  /** {@code <channel>}. */
  CHANNEL,
  /** {@code <input>}. */
  INPUT,
  /** {@code <tpm>}. */
  TPM,
  /** {@code <graphics>}. */
  GRAPHICS,
  /** {@code <sound>}. */
  SOUND,
  /** {@code <audio>}. */
  AUDIO,
  /** {@code <video>}. */
  VIDEO,
  /** {@code <hostdev>}. */
  HOSTDEV,
  /** {@code <redirdev>}. */
  REDIRDEV,
  /** {@code <redirfilter>}. */
  REDIRFILTER,
  /** {@code <hub>}. */
  HUB,
  /** {@code <watchdog>}. */
  WATCHDOG,
  /** {@code <memballoon>}. */
  MEMBALLOON,
  /** {@code <rng>}. */
  RNG,
  /** {@code <panic>}. */
  PANIC,
  /** {@code <shmem>}. */
  SHMEM,
  /** {@code <memory>}. */
  MEMORY,
  /** {@code <iommu>}. */
  IOMMU,
  /** {@code <vsock>}. */
  VSOCK,
  /** {@code <crypto>}. */
  CRYPTO,
  /** {@code <nvram>}. */
  NVRAM,
  /** {@code <pstore>}. */
  PSTORE;

  private static final Map<String, DeviceKind> BY_ELEMENT = new HashMap<>();

  static {
    for (DeviceKind kind : values()) {
      BY_ELEMENT.put(kind.element, kind);
    }
  }

  private final String element = name().toLowerCase(Locale.ROOT);

  /** {@return the libvirt element name} */
  public String element() {
    return element;
  }

  /**
   * {@return the kind a libvirt element name stands for, or null}
   *
   * @param element the element at fault, as XML ({@code <os><type machine='pc-q35-99.0'>})
   */
  public static DeviceKind fromElement(String element) {
    return BY_ELEMENT.get(element);
  }
}
