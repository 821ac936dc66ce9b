package dev.backplane.machines.x86;

import com.google.auto.service.AutoService;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.support.TableMachinePlugin;
import java.util.List;

/** The ISA-only PC: no PCI at all. */
@AutoService(MachinePlugin.class)
public final class IsapcMachinePlugin extends TableMachinePlugin {
  public IsapcMachinePlugin() {
    super("x86-isapc", "x86_64", () -> X86Tables.QEMU_7_2, List.of("isapc"));
  }
}
