package dev.backplane.machines.x86;

import com.google.auto.service.AutoService;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.support.TableMachinePlugin;
import java.util.List;

/** microvm: ISA and virtio-mmio, no PCI. */
@AutoService(MachinePlugin.class)
public final class MicrovmMachinePlugin extends TableMachinePlugin {
  public MicrovmMachinePlugin() {
    super("x86-microvm", "x86_64", () -> X86Tables.QEMU_7_2, List.of("microvm"));
  }
}
