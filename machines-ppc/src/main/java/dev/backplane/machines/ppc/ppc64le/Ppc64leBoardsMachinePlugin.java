package dev.backplane.machines.ppc.ppc64le;

import com.google.auto.service.AutoService;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.support.TableMachinePlugin;

/** Every ppc64le board of QEMU 7.2 other than {@code pseries}: as on ppc64, data only. */
@AutoService(MachinePlugin.class)
public final class Ppc64leBoardsMachinePlugin extends TableMachinePlugin {
  public Ppc64leBoardsMachinePlugin() {
    super("ppc-boards-ppc64le", "ppc64le", () -> Ppc64leTables.QEMU_7_2,
        family -> !family.equals(Ppc64leTables.PSERIES), "all but " + Ppc64leTables.PSERIES);
  }
}
