package dev.backplane.machines.arm;

import com.google.auto.service.AutoService;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.support.TableMachinePlugin;
import java.util.List;

/** {@code virt} and {@code virt-X.Y} for armv7l ({@code qemu-system-arm}): as on aarch64. */
@AutoService(MachinePlugin.class)
public final class Armv7lVirtMachinePlugin extends TableMachinePlugin {
  public Armv7lVirtMachinePlugin() {
    super("arm-virt-armv7l", "armv7l", () -> ArmTables.Armv7l.QEMU_7_2, List.of(ArmTables.VIRT));
  }
}
