package dev.backplane.machines.ppc;

import com.google.auto.service.AutoService;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.support.TableMachinePlugin;

/**
 * Every ppc64 board of QEMU 7.2 other than {@code pseries} ({@code mac99}, {@code g3beige},
 * {@code powernv*}, the e500 and 4xx boards, ...), as QEMU builds them: data only, probed from
 * {@code qemu-system-ppc64}, with no libvirt policy.
 */
@AutoService(MachinePlugin.class)
public final class PpcBoardsMachinePlugin extends TableMachinePlugin {
  public PpcBoardsMachinePlugin() {
    super("ppc-boards", "ppc64", () -> PpcTables.QEMU_7_2,
        family -> !family.equals(PpcTables.PSERIES), "all but " + PpcTables.PSERIES);
  }
}
