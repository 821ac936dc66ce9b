package dev.backplane.core.model;

import java.util.List;

/**
 * What a user asks to have planned: the architecture and machine as written (either may be null:
 * x86_64 and the architecture's default machine are used) and the devices in document order.
 */
public record Domain(String arch, String machine, List<Device> devices) {
  public Domain {
    devices = List.copyOf(devices);
  }
}
