package dev.backplane.core.model;

import dev.backplane.spi.Stable;
import dev.backplane.spi.MachineDescription;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A planned domain: the canonical machine, every device (the user's and those Backplane added)
 * with its final address, controllers in libvirt's list order, and the domain's enabled machine
 * features (kept so that the plan can be changed later, see {@code Backplane#add}).
 */
@Stable
public record Plan(String arch, MachineDescription machine, List<Device> devices, Set<String> features) {
  /**
   * Copies the lists.
   *
   * @param arch the architecture
   * @param machine the canonical machine the plan is for
   * @param devices every device with its final address, controllers in libvirt's list order
   * @param features the domain's enabled machine features
   */
  public Plan {
    devices = List.copyOf(devices);
    features = Set.copyOf(features);
  }

  /**
   * A plan of a domain without machine features.
   *
   * @param arch the architecture
   * @param machine the canonical machine the plan is for
   * @param devices every device with its final address, controllers in libvirt's list order
   */
  public Plan(String arch, MachineDescription machine, List<Device> devices) {
    this(arch, machine, devices, Set.of());
  }

  /** {@return the controllers, in libvirt's list order} */
  public List<Device> controllers() {
    return of(DeviceKind.CONTROLLER);
  }

  /**
   * {@return the devices of {@code kind}, in plan order}
   *
   * @param kind the kind
   */
  public List<Device> of(DeviceKind kind) {
    List<Device> found = new ArrayList<>();
    for (Device d : devices) {
      if (d.kind() == kind) {
        found.add(d);
      }
    }
    return Collections.unmodifiableList(found);
  }

  /**
   * {@return the device with {@link Device#key()} {@code key}}
   *
   * @param key the key
   */
  public Optional<Device> byKey(String key) {
    for (Device d : devices) {
      if (key.equals(d.key())) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }
}
