package dev.backplane.machines.arm;

import com.google.auto.service.AutoService;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.support.TableMachinePlugin;
import java.util.List;

/**
 * {@code virt} and {@code virt-X.Y} for aarch64 ({@code qemu-system-aarch64}): a gpex PCIe root
 * complex and virtio-mmio transports. {@link Armv7lVirtMachinePlugin} serves the same board for
 * 32-bit guests.
 */
@AutoService(MachinePlugin.class)
public final class VirtMachinePlugin extends TableMachinePlugin {
  public VirtMachinePlugin() {
    super("arm-virt", "aarch64", () -> ArmTables.Aarch64.QEMU_7_2, List.of(ArmTables.VIRT));
  }
}
