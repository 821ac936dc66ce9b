package dev.backplane.core.model;

import dev.backplane.spi.Stable;
import dev.backplane.spi.MachineDescription;
import java.util.List;
import java.util.Optional;

/**
 * A planned domain: the canonical machine, and every device (the user's and those Backplane added)
 * with its final address, controllers in libvirt's list order.
 */
@Stable
public record Plan(String arch, MachineDescription machine, List<Device> devices) {
  public Plan {
    devices = List.copyOf(devices);
  }

  public List<Device> controllers() {
    return devices.stream().filter(d -> d.kind() == DeviceKind.CONTROLLER).toList();
  }

  public List<Device> of(DeviceKind kind) {
    return devices.stream().filter(d -> d.kind() == kind).toList();
  }

  public Optional<Device> byKey(String key) {
    return devices.stream().filter(d -> key.equals(d.key())).findFirst();
  }
}
