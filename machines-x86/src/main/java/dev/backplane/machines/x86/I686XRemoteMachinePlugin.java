package dev.backplane.machines.x86;

import com.google.auto.service.AutoService;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.support.TableMachinePlugin;
import java.util.List;

/** x-remote for i686 ({@code qemu-system-i386}): a bare PCIe root, no libvirt policy. */
@AutoService(MachinePlugin.class)
public final class I686XRemoteMachinePlugin extends TableMachinePlugin {
  public I686XRemoteMachinePlugin() {
    super("x86-remote-i686", "i686", () -> X86Tables.I686.QEMU_7_2, List.of("x-remote"));
  }
}
