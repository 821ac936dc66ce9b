package dev.backplane.machines.arm;

import com.google.auto.service.AutoService;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.support.MachineTable;
import dev.backplane.spi.support.TableMachinePlugin;
import java.util.List;

/**
 * Every armv7l board of QEMU 7.2 ({@code qemu-system-arm}) other than {@code virt}: as
 * {@link ArmBoardsMachinePlugin}, without the 64-bit-only boards.
 */
@AutoService(MachinePlugin.class)
public final class Armv7lBoardsMachinePlugin extends TableMachinePlugin {
  /** Read when the first request of its architecture arrives, once per class loader. */
  private static final class Table {
    static final MachineTable QEMU_7_2 =
        MachineTable.load(Armv7lBoardsMachinePlugin.class, "armv7l-boards-qemu-7.2.json")
            .withQemuDevices(ArmDeviceLists.QEMU_SYSTEM_ARM_7_2)
            .withDevices(ArmDeviceLists.ARMV7L);
  }

  public Armv7lBoardsMachinePlugin() {
    super("arm-boards-armv7l", "armv7l", () -> Table.QEMU_7_2, List.of());
  }
}
