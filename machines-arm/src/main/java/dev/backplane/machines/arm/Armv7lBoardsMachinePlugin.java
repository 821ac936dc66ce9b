package dev.backplane.machines.arm;

import com.google.auto.service.AutoService;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.support.TableMachinePlugin;

/**
 * Every armv7l board of QEMU 7.2 ({@code qemu-system-arm}) other than {@code virt}: as
 * {@link ArmBoardsMachinePlugin}, without the 64-bit-only boards.
 */
@AutoService(MachinePlugin.class)
public final class Armv7lBoardsMachinePlugin extends TableMachinePlugin {
  public Armv7lBoardsMachinePlugin() {
    super("arm-boards-armv7l", "armv7l", () -> ArmTables.Armv7l.QEMU_7_2,
        family -> !family.equals(ArmTables.VIRT), "all but " + ArmTables.VIRT);
  }
}
