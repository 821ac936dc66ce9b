package dev.backplane.spi;

import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A root-bus function kept for the chipset although QEMU builds nothing there by itself, such as
 * i440fx's 01.2 for the PIIX3 USB controller. When {@link #controllerType()} is given, the
 * index-0 controller of that type (and of one of {@link #controllerModels()}, where listed) MUST
 * sit exactly here, and gets this address when it has none.
 */
@Stable
@Value.Immutable
public abstract class SlotReservation {

  /** {@return the slot on root bus 0, 0..31} */
  public abstract int slot();

  /** {@return the function, 0..7} */
  public abstract int function();

  /** {@return why the function is kept (shown in errors)} */
  public abstract String reason();

  /**
   * {@return the libvirt controller type whose index-0 controller MUST sit here (such as {@code
   * usb}); empty when none}
   */
  public abstract Optional<String> controllerType();

  /**
   * {@return models the pinned controller may have; the empty string stands for "no model given"}
   */
  public abstract List<String> controllerModels();

  /**
   * Refuses a slot outside 0..31 or a function outside 0..7 with an {@link
   * IllegalArgumentException} naming it; run by the builder's {@code build()}.
   */
  @Value.Check
  protected void check() {
    if (slot() < 0 || slot() > 31 || function() < 0 || function() > 7) {
      throw new IllegalArgumentException(
          "SlotReservation '" + reason() + "': slot must be 0..31 and function 0..7");
    }
  }

  /** {@return a new builder of a slot reservation} */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a slot reservation; {@code build()} fails on a missing field or a broken invariant. */
  public static class Builder extends ImmutableSlotReservation.Builder {}
}
