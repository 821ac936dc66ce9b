package dev.backplane.spi;

import java.util.List;
import org.immutables.value.Value;

/**
 * Root-bus slots a device of a {@link PlacementRole} takes when it has no address and the slot is
 * entirely free; otherwise it is placed like any other device.
 */
@Stable
@Value.Immutable
public abstract class PreferredSlot {

  /** {@return the kind of device the slots are kept for} */
  public abstract PlacementRole role();

  /** {@return candidate slots in order of preference} */
  public abstract List<Integer> slots();

  /**
   * Refuses a slot outside 0..31 with an {@link IllegalArgumentException} naming it; run by the
   * builder's {@code build()}.
   */
  @Value.Check
  protected void check() {
    boolean outside = slots().isEmpty();
    for (int slot : slots()) {
      outside |= slot < 0 || slot > 31;
    }
    if (outside) {
      throw new IllegalArgumentException(
          "PreferredSlot " + role().label() + ": slots must be a non-empty list of 0..31");
    }
  }

  /** {@return a new builder of a preferred slot} */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a preferred slot; {@code build()} fails on a missing field or a broken invariant. */
  public static class Builder extends ImmutablePreferredSlot.Builder {}
}
