package dev.backplane.machines.ppc.ppc64le;

import dev.backplane.spi.support.DeviceCatalogFile;
import dev.backplane.spi.support.MachineTable;

/**
 * The ppc64le table, read when the first ppc64le request arrives. qemu-system-ppc64 serves
 * little-endian guests too, and libvirt 9.0 plans them as ppc64: the facts {@code backplane probe
 * --arch ppc64le --emit-table} writes from qemu-system-ppc64, ppc64's by-hand facts and policy
 * with {@code "arch": "ppc64le"} (a family cannot extend one of another architecture), and a
 * catalog that extends ppc64's. The files keep the binary's name, so they live in a package of
 * their own.
 */
final class Ppc64leTables {
  private Ppc64leTables() {}

  /** The family {@link Ppc64lePseriesMachinePlugin} serves; {@link Ppc64leBoardsMachinePlugin} serves the rest. */
  static final String PSERIES = "pseries";

  static final MachineTable QEMU_7_2 = MachineTable.load(Ppc64leTables.class,
      "qemu-system-ppc64-7.2.json", "qemu-system-ppc64-7.2-by-hand.json", "ppc64le-libvirt-9.0.json")
      .withDevices(DeviceCatalogFile.load(Ppc64leTables.class, "ppc64le-catalog.tsv"));
}
