package dev.backplane.machines.arm;

import dev.backplane.spi.DeviceCatalog;
import dev.backplane.spi.support.DeviceCatalogFile;
import dev.backplane.spi.support.MachineTable;
import java.util.Set;

/** The devices of the two ARM binaries, read once; the virt and boards tables of each share them. */
final class ArmDeviceLists {
  static final Set<String> QEMU_SYSTEM_AARCH64_7_2 =
      MachineTable.loadQemuDevices(ArmDeviceLists.class, "qemu-system-aarch64-7.2.devices");
  static final Set<String> QEMU_SYSTEM_ARM_7_2 =
      MachineTable.loadQemuDevices(ArmDeviceLists.class, "qemu-system-arm-7.2.devices");

  static final DeviceCatalog AARCH64 = DeviceCatalogFile.load(ArmDeviceLists.class, "aarch64-catalog.tsv");
  static final DeviceCatalog ARMV7L = DeviceCatalogFile.load(ArmDeviceLists.class, "armv7l-catalog.tsv");

  private ArmDeviceLists() {}
}
