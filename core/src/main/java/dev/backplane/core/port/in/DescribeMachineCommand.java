package dev.backplane.core.port.in;

import dev.backplane.core.model.MachineOptionException;
import dev.backplane.core.model.UnknownMachineException;
import dev.backplane.spi.MachineRequest;
import dev.backplane.spi.Stable;
import java.util.List;
import java.util.Objects;

/** Describe one machine type, given as {@code name[,option=value...]} for an architecture. */
@Stable
public record DescribeMachineCommand(MachineRequest request) {
  /**
   * Checks the request.
   *
   * @param request the machine to describe
   * @throws NullPointerException when {@code request} is null
   */
  public DescribeMachineCommand {
    Objects.requireNonNull(request, "request");
  }

  /**
   * {@return the command for {@code machine}, parsed as {@code name[,option=value...]}}
   *
   * @param arch the architecture, as libvirt spells it ({@code x86_64}, {@code s390x})
   * @param machine the machine as written, a name or alias with options ({@code q35,sata=off})
   * @throws MachineOptionException when an option is not {@code key=value}
   * @throws UnknownMachineException when {@code arch} is blank
   */
  public static DescribeMachineCommand of(String arch, String machine) {
    if (arch.isBlank()) { // libvirt: "Unknown architecture"
      throw new UnknownMachineException("<os><type arch='" + arch + "' machine='" + machine + "'>",
          "no machine types are known for architecture '" + arch + "'",
          "use an architecture that has machine types, such as x86_64", arch, machine, List.of());
    }
    try {
      return new DescribeMachineCommand(MachineRequest.parse(arch, machine));
    } catch (IllegalArgumentException e) {
      throw MachineOptionException.malformed(arch, machine, e);
    }
  }
}
