package dev.backplane.machines.riscv;

import com.google.auto.service.AutoService;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.support.TableMachinePlugin;
import java.util.List;

/**
 * riscv64 {@code virt} ({@code qemu-system-riscv64}; QEMU 7.2 has no versioned riscv64 types): a
 * gpex PCIe root complex, as on aarch64 virt, and virtio-mmio transports. libvirt 9.0 puts each
 * PCIe endpoint in its own root port and conventional PCI devices behind a pcie-to-pci-bridge.
 */
@AutoService(MachinePlugin.class)
public final class RiscvVirtMachinePlugin extends TableMachinePlugin {
  public RiscvVirtMachinePlugin() {
    super("riscv-virt", "riscv64", () -> RiscvTables.QEMU_7_2, List.of(RiscvTables.VIRT));
  }
}
