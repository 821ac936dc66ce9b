package dev.backplane.machines.x86;

import dev.backplane.spi.support.MachineTable;

/** The x86_64 machine table, read once. */
final class X86Tables {
  static final MachineTable QEMU_7_2 = MachineTable.load(X86Tables.class, "x86_64-qemu-7.2.json");

  private X86Tables() {}
}
