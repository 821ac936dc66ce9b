package dev.backplane.core.port.in;

import dev.backplane.core.model.PlacementPolicy;
import dev.backplane.spi.Experimental;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * How to plan, beyond the domain: the placement policy, the hot-plug reserve and the firmware
 * whose budget a policy plans within.
 *
 * <pre>{@code
 * PlanOptions dense = PlanOptions.DEFAULT.withPolicy(PlacementPolicy.DENSE_1).withHotplugReserve(4);
 * Plan plan = backplane.plan(new PlanTopologyCommand(domain, false, dense));
 * }</pre>
 *
 * @param policy the placement policy; {@link PlacementPolicy#LIBVIRT_9_0} by default
 * @param hotplugReserve how many empty hot-pluggable ports to add (root or switch downstream ports
 *     on a PCI Express machine); empty for the policy's own rule (libvirt's: one spare
 *     pcie-root-port when it adds root ports to a domain that has none)
 * @param firmware the firmware whose PCI budget the plan must fit ({@code seabios}, {@code ovmf},
 *     {@code aavmf}, {@code slof} or {@code none}), or null for the machine's default
 * @param efi whether the domain asks for UEFI, which selects the machine's UEFI firmware when
 *     {@code firmware} is null
 */
@Experimental(since = "2026-11-30")
public record PlanOptions(PlacementPolicy policy, OptionalInt hotplugReserve, String firmware, boolean efi) {
  /** libvirt's policy, libvirt's spare port, the machine's default firmware. */
  public static final PlanOptions DEFAULT =
      new PlanOptions(PlacementPolicy.LIBVIRT_9_0, OptionalInt.empty(), null, false);

  /**
   * Checks the options.
   *
   * @param policy the placement policy
   * @param hotplugReserve how many empty hot-pluggable ports to add, or empty for the policy's rule
   * @param firmware the firmware name, or null for the machine's default
   * @param efi whether the domain asks for UEFI
   * @throws NullPointerException when {@code policy} or {@code hotplugReserve} is null
   * @throws IllegalArgumentException when the reserve is negative
   */
  public PlanOptions {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(hotplugReserve, "hotplugReserve");
    if (hotplugReserve.isPresent() && hotplugReserve.getAsInt() < 0) {
      throw new IllegalArgumentException("hotplugReserve must be 0 or more, not " + hotplugReserve.getAsInt());
    }
  }

  /**
   * {@return these options under another placement policy}
   *
   * @param policy the placement policy
   */
  public PlanOptions withPolicy(PlacementPolicy policy) {
    return new PlanOptions(policy, hotplugReserve, firmware, efi);
  }

  /**
   * {@return these options with a hot-plug reserve}
   *
   * @param ports how many empty hot-pluggable ports to add
   * @throws IllegalArgumentException when {@code ports} is negative
   */
  public PlanOptions withHotplugReserve(int ports) {
    return new PlanOptions(policy, OptionalInt.of(ports), firmware, efi);
  }

  /**
   * {@return these options with a firmware}
   *
   * @param firmware the firmware name, or null for the machine's default
   * @param efi whether the domain asks for UEFI
   */
  public PlanOptions withFirmware(String firmware, boolean efi) {
    return new PlanOptions(policy, hotplugReserve, firmware, efi);
  }
}
