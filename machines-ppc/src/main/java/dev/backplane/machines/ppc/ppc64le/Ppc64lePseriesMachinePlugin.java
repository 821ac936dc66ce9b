package dev.backplane.machines.ppc.ppc64le;

import com.google.auto.service.AutoService;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.support.TableMachinePlugin;
import java.util.List;

/** ppc64le {@code pseries} and {@code pseries-X.Y} ({@code qemu-system-ppc64}): as on ppc64. */
@AutoService(MachinePlugin.class)
public final class Ppc64lePseriesMachinePlugin extends TableMachinePlugin {
  public Ppc64lePseriesMachinePlugin() {
    super("ppc-pseries-ppc64le", "ppc64le", () -> Ppc64leTables.QEMU_7_2, List.of(Ppc64leTables.PSERIES));
  }
}
