package dev.backplane.machines.x86;

import com.google.auto.service.AutoService;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.support.TableMachinePlugin;
import java.util.List;

/** Q35 (ICH9) machines, `q35` and `pc-q35-*`. */
@AutoService(MachinePlugin.class)
public final class Q35MachinePlugin extends TableMachinePlugin {
  public Q35MachinePlugin() {
    super("x86-q35", "x86_64", () -> X86Tables.QEMU_7_2, List.of("q35"));
  }
}
