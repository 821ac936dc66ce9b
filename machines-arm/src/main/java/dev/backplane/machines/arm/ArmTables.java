package dev.backplane.machines.arm;

import dev.backplane.spi.support.DeviceCatalogFile;
import dev.backplane.spi.support.MachineTable;

/**
 * The tables of the two ARM binaries, each read when the first request of its architecture
 * arrives: the facts {@code backplane probe --emit-table} writes from the binary, the machine
 * types it cannot start (read by hand), and libvirt 9.0's policy for {@code virt}. The virt and
 * boards plugins of an architecture share one.
 */
final class ArmTables {
  private ArmTables() {}

  /** The family {@link VirtMachinePlugin} and {@link Armv7lVirtMachinePlugin} serve; the boards plugins serve the rest. */
  static final String VIRT = "virt";

  static final class Aarch64 {
    static final MachineTable QEMU_7_2 = MachineTable.load(ArmTables.class,
        "qemu-system-aarch64-7.2.json", "qemu-system-aarch64-7.2-by-hand.json", "aarch64-libvirt-9.0.json")
        .withDevices(DeviceCatalogFile.load(ArmTables.class, "aarch64-catalog.tsv"));
  }

  static final class Armv7l {
    static final MachineTable QEMU_7_2 = MachineTable.load(ArmTables.class,
        "qemu-system-arm-7.2.json", "qemu-system-arm-7.2-by-hand.json", "armv7l-libvirt-9.0.json")
        .withDevices(DeviceCatalogFile.load(ArmTables.class, "armv7l-catalog.tsv"));
  }
}
