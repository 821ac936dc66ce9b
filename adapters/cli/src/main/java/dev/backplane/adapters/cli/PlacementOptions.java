package dev.backplane.adapters.cli;

import dev.backplane.core.model.PlacementPolicy;
import dev.backplane.core.port.in.PlanOptions;
import jakarta.inject.Inject;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code --policy} and {@code --hotplug-reserve} of {@code plan} and {@code verify}. */
final class PlacementOptions {

  @Option(names = "--policy", defaultValue = "libvirt", paramLabel = "libvirt|dense",
      description = "Placement policy: libvirt (libvirt-9.0, the default) chooses as libvirt 9.0 "
          + "does; dense (dense-1, experimental) builds dense PCI Express topologies on q35 and "
          + "virt (ports, switches, multifunction packing, pcie-to-pci-bridges) within the "
          + "firmware's budget. A versioned name keeps its choices in later releases.")
  String policy;

  @Option(names = "--hotplug-reserve", paramLabel = "N",
      description = "Keep N empty hot-pluggable ports on a PCI Express machine (root ports; "
          + "under dense, root or switch downstream ports), counted in the firmware budget. "
          + "Default: the policy's rule (one spare root port when ports are added to a domain "
          + "without any).")
  Integer hotplugReserve;

  @Inject
  PlacementOptions() {}

  /**
   * The options as the engine takes them, with the {@code --firmware} value (or null) and whether
   * the domain asks for UEFI.
   *
   * @throws ParameterException for an unknown policy or a negative reserve (usage, exit 2)
   */
  PlanOptions planOptions(CommandLine commandLine, String firmware, boolean efi) {
    PlacementPolicy chosen;
    try {
      chosen = PlacementPolicy.named(policy);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(commandLine, "--policy: " + e.getMessage());
    }
    if (hotplugReserve != null && hotplugReserve < 0) {
      throw new ParameterException(commandLine, "--hotplug-reserve must be 0 or more, not " + hotplugReserve);
    }
    PlanOptions options = PlanOptions.DEFAULT.withPolicy(chosen).withFirmware(firmware, efi);
    return hotplugReserve == null ? options : options.withHotplugReserve(hotplugReserve);
  }
}
