package dev.backplane.machines.x86;

import com.google.auto.service.AutoService;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.support.TableMachinePlugin;
import java.util.List;

/**
 * x-remote: QEMU's experimental multi-process remote machine, a bare PCIe root ({@code remote-pci})
 * and nothing built in. libvirt has no policy for it, so the table gives it no defaults.
 */
@AutoService(MachinePlugin.class)
public final class XRemoteMachinePlugin extends TableMachinePlugin {
  public XRemoteMachinePlugin() {
    super("x86-remote", "x86_64", () -> X86Tables.QEMU_7_2, List.of("x-remote"));
  }
}
