package dev.backplane.machines.x86;

import com.google.auto.service.AutoService;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.support.TableMachinePlugin;
import java.util.List;

/** The ISA-only PC for i686 ({@code qemu-system-i386}): no PCI at all. */
@AutoService(MachinePlugin.class)
public final class I686IsapcMachinePlugin extends TableMachinePlugin {
  public I686IsapcMachinePlugin() {
    super("x86-isapc-i686", "i686", () -> X86Tables.I686.QEMU_7_2, List.of("isapc"));
  }
}
