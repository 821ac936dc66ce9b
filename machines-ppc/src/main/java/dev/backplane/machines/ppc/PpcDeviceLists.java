package dev.backplane.machines.ppc;

import dev.backplane.spi.DeviceCatalog;
import dev.backplane.spi.support.DeviceCatalogFile;
import dev.backplane.spi.support.MachineTable;
import java.util.Set;

/** The devices of qemu-system-ppc64, read once; the pseries and boards tables share them. */
final class PpcDeviceLists {
  static final Set<String> QEMU_SYSTEM_PPC64_7_2 =
      MachineTable.loadQemuDevices(PpcDeviceLists.class, "qemu-system-ppc64-7.2.devices");

  static final DeviceCatalog PPC64 = DeviceCatalogFile.load(PpcDeviceLists.class, "ppc64-catalog.tsv");

  private PpcDeviceLists() {}
}
