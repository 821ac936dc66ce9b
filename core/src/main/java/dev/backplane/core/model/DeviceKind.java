package dev.backplane.core.model;

import java.util.Locale;

/** The kinds of device a domain lists, named as libvirt's elements are. */
public enum DeviceKind {
  DISK, CONTROLLER, LEASE, FILESYSTEM, INTERFACE, SMARTCARD, SERIAL, PARALLEL, CONSOLE, CHANNEL,
  INPUT, TPM, GRAPHICS, SOUND, AUDIO, VIDEO, HOSTDEV, REDIRDEV, REDIRFILTER, HUB, WATCHDOG,
  MEMBALLOON, RNG, PANIC, SHMEM, MEMORY, IOMMU, VSOCK, CRYPTO, NVRAM, PSTORE;

  /** The libvirt element name. */
  public String element() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static DeviceKind fromElement(String element) {
    for (DeviceKind kind : values()) {
      if (kind.element().equals(element)) {
        return kind;
      }
    }
    return null;
  }
}
