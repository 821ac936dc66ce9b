package dev.backplane.machines.x86;

import com.google.auto.service.AutoService;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.support.TableMachinePlugin;
import java.util.List;

/** Q35 (ICH9) machines for i686 ({@code qemu-system-i386}), {@code q35} and {@code pc-q35-*}: as on x86_64. */
@AutoService(MachinePlugin.class)
public final class I686Q35MachinePlugin extends TableMachinePlugin {
  public I686Q35MachinePlugin() {
    super("x86-q35-i686", "i686", () -> X86Tables.I686.QEMU_7_2, List.of("q35"));
  }
}
