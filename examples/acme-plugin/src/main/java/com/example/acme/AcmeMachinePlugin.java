package com.example.acme;

import com.google.auto.service.AutoService;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.support.DeviceCatalogFile;
import dev.backplane.spi.support.MachineTable;
import dev.backplane.spi.support.TableMachinePlugin;
import java.util.List;

/**
 * Acme's x86_64 board: a PCIe machine with its LPC bridge at 1f.0 and Acme's defaults, and Acme's
 * device catalog: x86_64's devices plus the {@code acme-nic} NIC.
 */
@AutoService(MachinePlugin.class)
public final class AcmeMachinePlugin extends TableMachinePlugin {
  public AcmeMachinePlugin() {
    super("acme-board", MachineTable.load(AcmeMachinePlugin.class, "acme-x86_64.json")
            .withDevices(DeviceCatalogFile.load(AcmeMachinePlugin.class, "acme-catalog.tsv")),
        List.of("acme-board"));
  }
}
