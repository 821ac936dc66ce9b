package dev.backplane.core.model;

import dev.backplane.spi.Experimental;
import java.util.Optional;

/**
 * How many more devices of one kind and model a plan takes by hot-plug, without moving anything:
 * {@link #count()} of them, the next one at {@link #next()} (empty when the count is 0), and why
 * one more is refused ({@link #limit()}), or empty when counting stopped at {@link #MAX}.
 */
@Experimental(since = "2026-11-30")
public record Capacity(DeviceKind kind, String model, int count, Optional<Address> next,
    Optional<String> limit) {
  /** Counting stops here; a count of {@code MAX} means at least that many. */
  public static final int MAX = 256;
}
