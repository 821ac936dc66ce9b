package dev.backplane.machines.x86;

import dev.backplane.spi.support.DeviceCatalogFile;
import dev.backplane.spi.support.MachineTable;

/**
 * The x86_64 machine table, read once: the facts {@code backplane probe --emit-table} writes from
 * qemu-system-x86_64 and libvirt 9.0's policy for its families.
 */
final class X86Tables {
  static final MachineTable QEMU_7_2 = MachineTable.load(X86Tables.class,
      "qemu-system-x86_64-7.2.json", "x86_64-libvirt-9.0.json")
      .withDevices(DeviceCatalogFile.load(X86Tables.class, "x86_64-catalog.tsv"));

  private X86Tables() {}
}
