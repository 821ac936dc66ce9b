package dev.backplane.machines.ppc;

import com.google.auto.service.AutoService;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.support.MachineTable;
import dev.backplane.spi.support.TableMachinePlugin;
import java.util.List;

/** ppc64 {@code pseries} and {@code pseries-X.Y}: sPAPR host bridges and the spapr-vio bus. */
@AutoService(MachinePlugin.class)
public final class PseriesMachinePlugin extends TableMachinePlugin {
  /** Read when the first request of its architecture arrives, once per class loader. */
  private static final class Table {
    static final MachineTable QEMU_7_2 =
        MachineTable.load(PseriesMachinePlugin.class, "ppc64-qemu-7.2.json")
            .withQemuDevices(PpcDeviceLists.QEMU_SYSTEM_PPC64_7_2)
            .withDevices(PpcDeviceLists.PPC64);
  }

  public PseriesMachinePlugin() {
    super("ppc-pseries", "ppc64", () -> Table.QEMU_7_2, List.of("pseries"));
  }
}
