package dev.backplane.machines.ppc;

import dev.backplane.spi.support.DeviceCatalogFile;
import dev.backplane.spi.support.MachineTable;

/**
 * The ppc64 table, read when the first ppc64 request arrives: the facts {@code backplane probe
 * --emit-table} writes from qemu-system-ppc64, the machine types it cannot start (read by hand),
 * and libvirt 9.0's policy for {@code pseries}.
 */
final class PpcTables {
  private PpcTables() {}

  /** The family {@link PseriesMachinePlugin} serves; {@link PpcBoardsMachinePlugin} serves the rest. */
  static final String PSERIES = "pseries";

  static final MachineTable QEMU_7_2 = MachineTable.load(PpcTables.class,
      "qemu-system-ppc64-7.2.json", "qemu-system-ppc64-7.2-by-hand.json", "ppc64-libvirt-9.0.json")
      .withDevices(DeviceCatalogFile.load(PpcTables.class, "ppc64-catalog.tsv"));
}
