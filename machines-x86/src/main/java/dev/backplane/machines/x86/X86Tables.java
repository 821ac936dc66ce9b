package dev.backplane.machines.x86;

import dev.backplane.spi.support.DeviceCatalogFile;
import dev.backplane.spi.support.MachineTable;

/**
 * The x86_64 machine table, read once: the facts {@code backplane probe --emit-table} writes from
 * qemu-system-x86_64 and libvirt 9.0's policy for its families. The i686 table, from
 * qemu-system-i386, is read when the first i686 request arrives.
 */
final class X86Tables {
  static final MachineTable QEMU_7_2 = MachineTable.load(X86Tables.class,
      "qemu-system-x86_64-7.2.json", "x86_64-libvirt-9.0.json")
      .withDevices(DeviceCatalogFile.load(X86Tables.class, "x86_64-catalog.tsv"));

  private X86Tables() {}

  /**
   * i686: qemu-system-i386 builds the same machine types as qemu-system-x86_64, and libvirt 9.0
   * plans them alike, so the policy and the catalog are x86_64's (a table's families can extend
   * only families of its own architecture, so the policy file is a copy with {@code "arch": "i686"}).
   */
  static final class I686 {
    static final MachineTable QEMU_7_2 = MachineTable.load(X86Tables.class,
        "qemu-system-i386-7.2.json", "i686-libvirt-9.0.json")
        .withDevices(DeviceCatalogFile.load(X86Tables.class, "i686-catalog.tsv"));

    private I686() {}
  }
}
