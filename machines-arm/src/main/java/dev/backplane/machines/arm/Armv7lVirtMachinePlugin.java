package dev.backplane.machines.arm;

import com.google.auto.service.AutoService;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.support.MachineTable;
import dev.backplane.spi.support.TableMachinePlugin;
import java.util.List;

/** {@code virt} and {@code virt-X.Y} for armv7l ({@code qemu-system-arm}): as on aarch64. */
@AutoService(MachinePlugin.class)
public final class Armv7lVirtMachinePlugin extends TableMachinePlugin {
  /** Read when the first request of its architecture arrives, once per class loader. */
  private static final class Table {
    static final MachineTable QEMU_7_2 =
        MachineTable.load(Armv7lVirtMachinePlugin.class, "armv7l-qemu-7.2.json")
            .withQemuDevices(ArmDeviceLists.QEMU_SYSTEM_ARM_7_2)
            .withDevices(ArmDeviceLists.ARMV7L);
  }

  public Armv7lVirtMachinePlugin() {
    super("arm-virt-armv7l", "armv7l", () -> Table.QEMU_7_2, List.of("virt"));
  }
}
