package dev.backplane.machines.arm;

import com.google.auto.service.AutoService;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.support.TableMachinePlugin;

/**
 * Every aarch64 board of QEMU 7.2 other than {@code virt} ({@code sbsa-ref}, {@code raspi*},
 * {@code vexpress-*}, {@code versatile*}, the BMCs, ...), as QEMU builds them: data only, probed
 * from {@code qemu-system-aarch64}, with no libvirt policy. Most have no PCI, so PCI devices are
 * refused there; {@code vexpress-*} and {@code xlnx-versal-virt} take virtio-mmio.
 */
@AutoService(MachinePlugin.class)
public final class ArmBoardsMachinePlugin extends TableMachinePlugin {
  public ArmBoardsMachinePlugin() {
    super("arm-boards", "aarch64", () -> ArmTables.Aarch64.QEMU_7_2, family -> !family.equals(ArmTables.VIRT),
        "all but " + ArmTables.VIRT);
  }
}
