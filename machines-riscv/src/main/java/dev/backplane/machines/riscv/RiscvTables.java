package dev.backplane.machines.riscv;

import dev.backplane.spi.support.DeviceCatalogFile;
import dev.backplane.spi.support.MachineTable;

/**
 * The riscv64 table, read when the first riscv64 request arrives: the facts {@code backplane probe
 * --emit-table} writes from qemu-system-riscv64, the machine type it cannot start (read by hand),
 * and libvirt 9.0's policy for {@code virt}. The virt and boards plugins share it.
 */
final class RiscvTables {
  private RiscvTables() {}

  /** The family {@link RiscvVirtMachinePlugin} serves; {@link RiscvBoardsMachinePlugin} serves the rest. */
  static final String VIRT = "virt";

  static final MachineTable QEMU_7_2 = MachineTable.load(RiscvTables.class,
      "qemu-system-riscv64-7.2.json", "qemu-system-riscv64-7.2-by-hand.json", "riscv64-libvirt-9.0.json")
      .withDevices(DeviceCatalogFile.load(RiscvTables.class, "riscv64-catalog.tsv"));
}
