package dev.backplane.machines.arm;

import com.google.auto.service.AutoService;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.support.MachineTable;
import dev.backplane.spi.support.TableMachinePlugin;
import java.util.List;

/**
 * {@code virt} and {@code virt-X.Y} for aarch64 ({@code qemu-system-aarch64}): a gpex PCIe root
 * complex and virtio-mmio transports. {@link Armv7lVirtMachinePlugin} serves the same board for
 * 32-bit guests.
 */
@AutoService(MachinePlugin.class)
public final class VirtMachinePlugin extends TableMachinePlugin {
  /** Read when the first request of its architecture arrives, once per class loader. */
  private static final class Table {
    static final MachineTable QEMU_7_2 =
        MachineTable.load(VirtMachinePlugin.class, "aarch64-qemu-7.2.json")
            .withQemuDevices(ArmDeviceLists.QEMU_SYSTEM_AARCH64_7_2)
            .withDevices(ArmDeviceLists.AARCH64);
  }

  public VirtMachinePlugin() {
    super("arm-virt", "aarch64", () -> Table.QEMU_7_2, List.of("virt"));
  }
}
