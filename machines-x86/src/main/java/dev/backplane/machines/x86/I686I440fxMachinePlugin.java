package dev.backplane.machines.x86;

import com.google.auto.service.AutoService;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.support.TableMachinePlugin;
import java.util.List;

/** i440FX/PIIX3 machines for i686 ({@code qemu-system-i386}), {@code pc} and {@code pc-i440fx-*}: as on x86_64. */
@AutoService(MachinePlugin.class)
public final class I686I440fxMachinePlugin extends TableMachinePlugin {
  public I686I440fxMachinePlugin() {
    super("x86-i440fx-i686", "i686", () -> X86Tables.I686.QEMU_7_2, List.of("i440fx"));
  }
}
