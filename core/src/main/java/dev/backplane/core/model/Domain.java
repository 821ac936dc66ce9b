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
  /**
   * Copies the lists; {@code arch} and {@code machine} may be null.
   *
   * @param arch the architecture as written, or null for x86_64
   * @param machine the machine as written, or null for the architecture's default
   * @param devices the devices, in document order
   * @param features the enabled machine features ({@code acpi}, {@code apic})
   */
  public Domain {
    devices = List.copyOf(devices);
    features = Set.copyOf(features);
  }

  /**
   * A domain without machine features.
   *
   * @param arch the architecture, or null for x86_64
   * @param machine the machine, or null for the default
   * @param devices the devices, in document order
   */
  public Domain(String arch, String machine, List<Device> devices) {
    this(arch, machine, devices, Set.of());
  }
}
