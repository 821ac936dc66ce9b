package dev.backplane.spi;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/**
 * Everything the planner needs to know about one machine type: its buses, what QEMU builds into
 * it, which root-bus functions the chipset keeps, which controllers may be added, and the
 * libvirt-compatible defaults. The generic placement rules live in the engine; a description is
 * data.
 */
@Stable
@Value.Immutable
public abstract class MachineDescription {

  /** {@return canonical, versioned machine name ({@code pc-q35-7.2})} */
  public abstract String name();

  /**
   * {@return the architecture, as libvirt spells it ({@code x86_64}, {@code aarch64}, {@code
   * s390x})}
   */
  public abstract String arch();

  /**
   * {@return family the name belongs to ({@code q35}, {@code i440fx}); shown to users, used in errors}
   */
  public abstract String family();

  /** {@return other names for this machine type} */
  public abstract List<String> aliases();

  /**
   * {@return the buses that exist before any device is added} A machine may have several PCI roots (the
   * pegasos2 has two); devices are placed on the first, {@link #pciRoot()}.
   */
  public abstract List<RootBus> rootBuses();

  /** {@return what QEMU builds with {@code -nodefaults}, in creation order} */
  public abstract List<ImplicitDevice> implicitDevices();

  /** {@return root-bus functions kept for the chipset beyond the implicit devices} */
  public abstract List<SlotReservation> reservations();

  /** {@return customary root-bus slots for chipset-like devices} */
  public abstract List<PreferredSlot> preferredSlots();

  /** {@return PCI controller models (libvirt names) that may be added to this machine} */
  public abstract Set<String> pciControllerModels();

  /**
   * {@return IOMMU models (libvirt names: {@code intel}, {@code virtio}, {@code smmuv3}) the machine takes}
   */
  public abstract Set<String> iommuModels();

  /**
   * {@return the devices and models libvirt adds or chooses for a domain of this machine that does
   * not name them}
   */
  public abstract DeviceDefaults defaults();

  /**
   * {@return per-machine overrides of how a device class connects, keyed {@code kind:model} (for example
   * {@code panic:pvpanic} → {@link Connection#INTEGRATED}); the engine's catalogue covers the rest}
   */
  public abstract Map<String, Connection> connections();

  /**
   * {@return the QEMU device types the machine's QEMU binary can create with {@code -device} (its
   * {@code -device help} names, such as {@code virtio-gpu-pci}), a fact of the binary rather than
   * of the machine type} Whoever writes QEMU arguments MUST NOT name a device outside this set, and
   * SHOULD pick the alternative libvirt picks when the preferred device is missing (a primary
   * {@code virtio} video without {@code virtio-vga} becomes {@code virtio-gpu-pci}). Empty means
   * unknown: nothing is checked. Plugins SHOULD supply it from the binary they describe.
   */
  @Experimental(since = "2026-11-30")
  public abstract Set<String> qemuDevices();

  /**
   * {@return the QEMU binary that builds this machine type, as a file name ({@code qemu-system-arm} for an
   * armv7l machine), so that probes and drift checks know which binary to start for which
   * architecture without a list of their own} Empty means unknown. Plugins SHOULD supply it.
   */
  @Experimental(since = "2026-11-30")
  public abstract Optional<String> qemuBinary();

  /**
   * {@return the devices of the machine's architecture, by libvirt model (see {@link DeviceCatalog}): the
   * engine and the adapters take every device fact from here} Left out of equality and
   * {@code toString}. Empty means unknown: whoever assembles the descriptions SHOULD then supply
   * the catalog of a plugin of the same architecture ({@link MachinePlugin#devices}).
   */
  @Experimental(since = "2026-12-01")
  @Value.Default
  @Value.Auxiliary
  public DeviceCatalog devices() {
    return DeviceCatalog.empty();
  }

  /**
   * {@return the guest firmwares measured on this machine type and what each can enumerate (see
   * {@link FirmwareBudget}); at most one is the default and at most one the UEFI firmware} Empty
   * means none is known: the engine then checks no budget.
   */
  @Experimental(since = "2026-11-30")
  public abstract java.util.List<FirmwareBudget> firmwareBudgets();

  /**
   * {@return the budget of {@code firmware}, if the machine has one}
   *
   * @param firmware the firmware name ({@code seabios}, {@code ovmf})
   */
  public Optional<FirmwareBudget> firmwareBudget(String firmware) {
    for (FirmwareBudget budget : firmwareBudgets()) {
      if (budget.firmware().equals(firmware)) {
        return Optional.of(budget);
      }
    }
    return Optional.empty();
  }

  /**
   * {@return the transport virtio devices take when the domain names none: PCI (the default), CCW
   * on s390, MMIO on boards without PCI}
   */
  @Value.Default
  public VirtioTransport virtioTransport() {
    return VirtioTransport.PCI;
  }

  /**
   * {@return whether more PCI roots may be added (pSeries host bridges) instead of bridges; policy, not layout}
   */
  @Value.Default
  public boolean multipleRoots() {
    return false;
  }

  /**
   * {@return whether PCI devices carry s390 zPCI ids: the engine gives every device with a PCI address a
   * {@code uid} (1..0xffff) and {@code fid} (0..0xffffffff), the lowest unused, keeping the ones
   * the user gave, which MUST be unique}
   */
  @Experimental(since = "2026-11-23")
  @Value.Default
  public boolean zpci() {
    return false;
  }

  /** {@return the PCI root bus, if the machine has PCI} */
  @Value.Derived
  @Value.Auxiliary
  public Optional<RootBus> pciRoot() {
    for (RootBus bus : rootBuses()) {
      if (bus.kind().isPci()) {
        return Optional.of(bus);
      }
    }
    return Optional.empty();
  }

  /**
   * Refuses an inconsistent description (such as a preferred slot or a reservation outside the root
   * bus) with an {@link IllegalArgumentException} naming it; run by the builder's {@code build()}.
   */
  @Value.Check
  protected void check() {
    Set<String> roots = new HashSet<>();
    for (RootBus bus : rootBuses()) {
      roots.add(bus.name());
    }
    for (ImplicitDevice device : implicitDevices()) {
      if (device.hasPciAddress() && !roots.contains(device.bus())) {
        throw new IllegalArgumentException(
            "MachineDescription " + name() + ": implicit device " + device.qemuType()
                + " has a PCI address on " + device.bus() + ", which is not a root bus");
      }
    }
    int defaults = 0;
    int efi = 0;
    Set<String> firmware = new HashSet<>();
    for (FirmwareBudget budget : firmwareBudgets()) {
      defaults += budget.isDefault() ? 1 : 0;
      efi += budget.efi() ? 1 : 0;
      firmware.add(budget.firmware());
    }
    if (defaults > 1 || efi > 1 || firmware.size() < firmwareBudgets().size()) {
      throw new IllegalArgumentException("MachineDescription " + name()
          + ": firmwareBudgets must name each firmware once, with at most one default and one efi");
    }
    if (zpci() && pciRoot().isEmpty()) {
      throw new IllegalArgumentException(
          "MachineDescription " + name() + ": zpci needs a PCI root bus");
    }
    if (!reservations().isEmpty() && pciRoot().isEmpty()) {
      throw new IllegalArgumentException(
          "MachineDescription " + name() + ": reservations need a PCI root bus");
    }
  }

  /** {@return a new builder of a machine description} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a machine description; {@code build()} fails on a missing field or a broken invariant.
   */
  public static class Builder extends ImmutableMachineDescription.Builder {}
}
