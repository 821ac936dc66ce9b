package dev.backplane.core.port.out;

import dev.backplane.spi.Stable;
import dev.backplane.spi.DeviceCatalog;
import dev.backplane.spi.MachineDescription;
import dev.backplane.spi.MachineRequest;
import dev.backplane.spi.MachineType;
import java.util.List;
import java.util.Optional;

/** Where machine knowledge comes from: plugins, a probed QEMU, static tables. */
@Stable
public interface CapabilitySource {

  /** {@return every machine type this source knows, all architectures} */
  List<MachineType> machineTypes();

  /**
   * {@return the requested machine, or empty when this source does not know it}
   *
   * @param request the machine asked for
   */
  Optional<MachineDescription> describe(MachineRequest request);

  /**
   * {@return the device catalog this source has for {@code arch}, for descriptions that come without one
   * (see {@link MachineDescription#devices()}); the default has none}
   *
   * @param arch the architecture, as libvirt spells it ({@code x86_64}, {@code s390x})
   */
  default Optional<DeviceCatalog> devices(String arch) {
    return Optional.empty();
  }
}
