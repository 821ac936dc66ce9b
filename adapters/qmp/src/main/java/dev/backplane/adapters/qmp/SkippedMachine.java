package dev.backplane.adapters.qmp;

import java.util.Objects;

/**
 * A machine type QEMU lists but the probe could not describe, with the reason (QEMU's own words
 * when it refused to start, for example because the board needs firmware or options).
 */
public record SkippedMachine(String name, String reason) {
  public SkippedMachine {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(reason, "reason");
  }
}
