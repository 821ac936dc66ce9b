package dev.backplane.machines.ppc;

import com.google.auto.service.AutoService;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.support.TableMachinePlugin;
import java.util.List;

/** ppc64 {@code pseries} and {@code pseries-X.Y}: sPAPR host bridges and the spapr-vio bus. */
@AutoService(MachinePlugin.class)
public final class PseriesMachinePlugin extends TableMachinePlugin {
  public PseriesMachinePlugin() {
    super("ppc-pseries", "ppc64", () -> PpcTables.QEMU_7_2, List.of(PpcTables.PSERIES));
  }
}
