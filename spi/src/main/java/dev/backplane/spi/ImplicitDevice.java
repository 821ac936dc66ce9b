package dev.backplane.spi;

import java.util.Optional;
import java.util.OptionalInt;
import org.immutables.value.Value;

/**
 * A device QEMU builds into the machine even with {@code -nodefaults}, such as q35's ICH9-LPC at
 * 1f.0. A PCI implicit device makes its function unavailable to every other device.
 */
@Stable
@Value.Immutable
public abstract class ImplicitDevice {

  /** {@return the QOM type QEMU instantiates ({@code ICH9-LPC}, {@code piix3-ide})} */
  public abstract String qemuType();

  /** {@return the bus it sits on, by QEMU name} */
  public abstract String bus();

  /** {@return the PCI slot on {@link #bus()}; empty for a device without a PCI address} */
  public abstract OptionalInt slot();

  /** {@return the PCI function; empty for a device without a PCI address} */
  public abstract OptionalInt function();

  /**
   * {@return the libvirt controller type whose index-0 controller <em>is</em> this device ({@code sata}
   * for q35's ich9-ahci, {@code ide} for PIIX3's IDE): that controller is pinned to this address}
   */
  public abstract Optional<String> controllerType();

  /** {@return true for devices on a PCI bus with a slot} */
  public boolean hasPciAddress() {
    return slot().isPresent();
  }

  /**
   * Refuses a slot or function outside its range, or a function without a slot with an {@link
   * IllegalArgumentException} naming it; run by the builder's {@code build()}.
   */
  @Value.Check
  protected void check() {
    if (slot().isPresent() != function().isPresent()) {
      throw new IllegalArgumentException(
          "ImplicitDevice " + qemuType() + ": slot and function go together");
    }
    if (slot().isPresent() && (slot().getAsInt() > 31 || function().getAsInt() > 7)) {
      throw new IllegalArgumentException(
          "ImplicitDevice " + qemuType() + ": slot must be <= 31 and function <= 7");
    }
  }

  /** {@return a new builder of an implicit device} */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds an implicit device; {@code build()} fails on a missing field or a broken invariant. */
  public static class Builder extends ImmutableImplicitDevice.Builder {}
}
