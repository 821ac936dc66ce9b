/**
 * Machine plugins for riscv64 ({@code qemu-system-riscv64}): {@code virt}
 * ({@link dev.backplane.machines.riscv.RiscvVirtMachinePlugin}) and the other boards
 * ({@link dev.backplane.machines.riscv.RiscvBoardsMachinePlugin}).
 */
package dev.backplane.machines.riscv;
