package dev.backplane.core.port.out;

import dev.backplane.spi.Stable;
import dev.backplane.core.model.Plan;
import java.io.IOException;

/** Where a finished plan goes: a libvirt document, JSON, QEMU arguments, a diagram. */
@Stable
public interface TopologySink {
  /**
   * Writes {@code plan}.
   *
   * @param plan the plan
   * @throws IOException when it cannot be written
   */
  void write(Plan plan) throws IOException;
}
