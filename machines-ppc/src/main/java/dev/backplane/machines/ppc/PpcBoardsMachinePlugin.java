package dev.backplane.machines.ppc;

import com.google.auto.service.AutoService;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.support.MachineTable;
import dev.backplane.spi.support.TableMachinePlugin;
import java.util.List;

/**
 * Every ppc64 board of QEMU 7.2 other than {@code pseries} ({@code mac99}, {@code g3beige},
 * {@code powernv*}, the e500 and 4xx boards, ...), as QEMU builds them: data only, probed from
 * {@code qemu-system-ppc64}, with no libvirt policy.
 */
@AutoService(MachinePlugin.class)
public final class PpcBoardsMachinePlugin extends TableMachinePlugin {
  /** Read when the first request of its architecture arrives, once per class loader. */
  private static final class Table {
    static final MachineTable QEMU_7_2 =
        MachineTable.load(PpcBoardsMachinePlugin.class, "ppc64-boards-qemu-7.2.json")
            .withQemuDevices(PpcDeviceLists.QEMU_SYSTEM_PPC64_7_2)
            .withDevices(PpcDeviceLists.PPC64);
  }

  public PpcBoardsMachinePlugin() {
    super("ppc-boards", "ppc64", () -> Table.QEMU_7_2, List.of());
  }
}
