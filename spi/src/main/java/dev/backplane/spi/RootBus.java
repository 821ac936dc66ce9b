package dev.backplane.spi;

import java.util.Optional;
import org.immutables.value.Value;

/** A bus the machine has before any device is added, such as q35's {@code pcie.0}. */
@Stable
@Value.Immutable
public abstract class RootBus {

  /**
   * {@return the bus name as QEMU knows it ({@code pcie.0}, {@code pci.0}, {@code virtual-css})}
   */
  public abstract String name();

  /** {@return what kind of bus it is, and so which addresses devices on it take} */
  public abstract BusKind kind();

  /**
   * {@return for PCI kinds, the libvirt controller model that stands for it: {@code pci-root} or {@code pcie-root}}
   */
  public abstract Optional<String> controllerModel();

  /**
   * {@return for PCI kinds, the QEMU device libvirt names in the root controller's
   * {@code <model name='...'/>} ({@code spapr-pci-host-bridge} for a pSeries PHB); empty when it
   * writes none} With {@link MachineDescription#multipleRoots()}, every root controller of the
   * domain, the engine's added ones included, gets this name.
   */
  @Experimental(since = "2026-11-23")
  public abstract Optional<String> modelName();

  /**
   * {@return for virtio-mmio, how many transports the machine has} Each takes one device, and QEMU
   * refuses a device when none is free. Empty when unknown.
   */
  @Experimental(since = "2026-11-30")
  public abstract Optional<Integer> transports();

  /** {@return first slot devices may use (PCI kinds)} */
  @Value.Default
  public int firstSlot() {
    return kind().isPci() ? 1 : 0;
  }

  /** {@return last slot devices may use (PCI kinds)} */
  @Value.Default
  public int lastSlot() {
    return kind().isPci() ? 31 : 0;
  }

  /**
   * Refuses an inconsistent bus with an {@link IllegalArgumentException} naming it; run by the
   * builder's {@code build()}.
   */
  @Value.Check
  protected void check() {
    if (kind().isPci() && controllerModel().isEmpty()) {
      throw new IllegalArgumentException("RootBus.controllerModel is required for PCI bus " + name());
    }
    if (transports().isPresent() && (kind() != BusKind.VIRTIO_MMIO || transports().get() < 1)) {
      throw new IllegalArgumentException("RootBus " + name() + ": transports is a positive count, only for virtio-mmio");
    }
    if (modelName().isPresent() && !kind().isPci()) {
      throw new IllegalArgumentException("RootBus " + name() + ": modelName is only for PCI buses");
    }
    if (firstSlot() < 0 || lastSlot() > 31 || firstSlot() > lastSlot()) {
      throw new IllegalArgumentException(
          "RootBus " + name() + ": slots must satisfy 0 <= firstSlot <= lastSlot <= 31");
    }
  }

  /** {@return a new builder of a root bus} */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a root bus; {@code build()} fails on a missing field or a broken invariant. */
  public static class Builder extends ImmutableRootBus.Builder {}
}
