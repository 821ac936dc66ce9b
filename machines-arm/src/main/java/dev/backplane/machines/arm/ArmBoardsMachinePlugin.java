package dev.backplane.machines.arm;

import com.google.auto.service.AutoService;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.support.MachineTable;
import dev.backplane.spi.support.TableMachinePlugin;
import java.util.List;

/**
 * Every aarch64 board of QEMU 7.2 other than {@code virt} ({@code sbsa-ref}, {@code raspi*},
 * {@code vexpress-*}, {@code versatile*}, the BMCs, ...), as QEMU builds them: data only, probed
 * from {@code qemu-system-aarch64}, with no libvirt policy. Most have no PCI, so PCI devices are
 * refused there; {@code vexpress-*} and {@code xlnx-versal-virt} take virtio-mmio.
 */
@AutoService(MachinePlugin.class)
public final class ArmBoardsMachinePlugin extends TableMachinePlugin {
  /** Read when the first request of its architecture arrives, once per class loader. */
  private static final class Table {
    static final MachineTable QEMU_7_2 =
        MachineTable.load(ArmBoardsMachinePlugin.class, "aarch64-boards-qemu-7.2.json")
            .withQemuDevices(ArmDeviceLists.QEMU_SYSTEM_AARCH64_7_2)
            .withDevices(ArmDeviceLists.AARCH64);
  }

  public ArmBoardsMachinePlugin() {
    super("arm-boards", "aarch64", () -> Table.QEMU_7_2, List.of());
  }
}
