package dev.backplane.adapters.qemuargs;

import java.util.Map;
import java.util.Optional;

/**
 * Where QEMU puts a planned device, as {@code -device} spells it: the {@code bus} property (absent
 * where QEMU picks the bus itself: CCW, spapr-vio, the floppy controller) and the address
 * properties on it, in argument order ({@code addr=0x02.0x0}, {@code multifunction=on},
 * {@code port=1}, {@code unit=0}, {@code channel}/{@code scsi-id}/{@code lun}, {@code nr},
 * {@code devno}, {@code reg}).
 */
public record QemuAddress(Optional<String> bus, Map<String, String> properties) {
  public QemuAddress {
    properties = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(properties));
  }

  /** A property's value, or null. */
  public String property(String name) {
    return properties.get(name);
  }
}
