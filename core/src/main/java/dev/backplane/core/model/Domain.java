package dev.backplane.core.model;

import dev.backplane.spi.Stable;
import java.util.List;
import java.util.Set;

/**
 * What a user asks to have planned: the architecture and machine as written (either may be null:
 * x86_64 and the architecture's default machine are used), the devices in document order, and
 * the names of the enabled machine features ({@code acpi}, {@code apic}...).
 */
@Stable
public record Domain(String arch, String machine, List<Device> devices, Set<String> features) {
  public Domain {
    devices = List.copyOf(devices);
    features = Set.copyOf(features);
  }

  public Domain(String arch, String machine, List<Device> devices) {
    this(arch, machine, devices, Set.of());
  }
}
