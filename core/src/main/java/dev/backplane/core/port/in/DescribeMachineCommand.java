package dev.backplane.core.port.in;

import dev.backplane.spi.MachineRequest;
import java.util.Objects;

/** Describe one machine type, given as {@code name[,option=value...]} for an architecture. */
public record DescribeMachineCommand(MachineRequest request) {
  public DescribeMachineCommand {
    Objects.requireNonNull(request, "request");
  }

  public static DescribeMachineCommand of(String arch, String machine) {
    return new DescribeMachineCommand(MachineRequest.parse(arch, machine));
  }
}
