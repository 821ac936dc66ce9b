package dev.backplane.machines.riscv;

import com.google.auto.service.AutoService;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.support.TableMachinePlugin;

/**
 * Every riscv64 board of QEMU 7.2 other than {@code virt} ({@code spike}, the default, {@code
 * sifive_e}, {@code sifive_u}, {@code shakti_c}, {@code microchip-icicle-kit}), as QEMU builds
 * them: data only, with no libvirt policy. None has PCI or virtio-mmio, so devices that need a
 * bus are refused there.
 */
@AutoService(MachinePlugin.class)
public final class RiscvBoardsMachinePlugin extends TableMachinePlugin {
  public RiscvBoardsMachinePlugin() {
    super("riscv-boards", "riscv64", () -> RiscvTables.QEMU_7_2,
        family -> !family.equals(RiscvTables.VIRT), "all but " + RiscvTables.VIRT);
  }
}
