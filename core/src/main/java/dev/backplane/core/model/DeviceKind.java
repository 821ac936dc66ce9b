package dev.backplane.core.model;

import dev.backplane.spi.Stable;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The kinds of device a domain lists, named as libvirt's elements are. */
@Stable
public enum DeviceKind {
  DISK, CONTROLLER, LEASE, FILESYSTEM, INTERFACE, SMARTCARD, SERIAL, PARALLEL, CONSOLE, CHANNEL,
  INPUT, TPM, GRAPHICS, SOUND, AUDIO, VIDEO, HOSTDEV, REDIRDEV, REDIRFILTER, HUB, WATCHDOG,
  MEMBALLOON, RNG, PANIC, SHMEM, MEMORY, IOMMU, VSOCK, CRYPTO, NVRAM, PSTORE;

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

  /** {@return the kind a libvirt element name stands for, or null} */
  public static DeviceKind fromElement(String element) {
    return BY_ELEMENT.get(element);
  }
}
