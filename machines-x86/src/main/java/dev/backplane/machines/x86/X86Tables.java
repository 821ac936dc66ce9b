package dev.backplane.machines.x86;

import dev.backplane.spi.support.DeviceCatalogFile;
import dev.backplane.spi.support.MachineTable;

/** The x86_64 machine table and the devices of qemu-system-x86_64, read once. */
final class X86Tables {
  static final MachineTable QEMU_7_2 = MachineTable.load(X86Tables.class, "x86_64-qemu-7.2.json")
      .withQemuDevices(MachineTable.loadQemuDevices(X86Tables.class, "qemu-system-x86_64-7.2.devices"))
      .withDevices(DeviceCatalogFile.load(X86Tables.class, "x86_64-catalog.tsv"));

  private X86Tables() {}
}
