package dev.backplane.machines.x86;

import com.google.auto.service.AutoService;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.support.TableMachinePlugin;
import java.util.List;

/** i440FX/PIIX3 machines, `pc` and `pc-i440fx-*`. */
@AutoService(MachinePlugin.class)
public final class I440fxMachinePlugin extends TableMachinePlugin {
  public I440fxMachinePlugin() {
    super("x86-i440fx", "x86_64", () -> X86Tables.QEMU_7_2, List.of("i440fx"));
  }
}
