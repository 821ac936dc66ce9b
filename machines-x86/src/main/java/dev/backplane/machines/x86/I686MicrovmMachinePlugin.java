package dev.backplane.machines.x86;

import com.google.auto.service.AutoService;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.support.TableMachinePlugin;
import java.util.List;

/** microvm for i686 ({@code qemu-system-i386}): ISA and virtio-mmio, no PCI. */
@AutoService(MachinePlugin.class)
public final class I686MicrovmMachinePlugin extends TableMachinePlugin {
  public I686MicrovmMachinePlugin() {
    super("x86-microvm-i686", "i686", () -> X86Tables.I686.QEMU_7_2, List.of("microvm"));
  }
}
