package dev.backplane.machines.s390;

import com.google.auto.service.AutoService;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.support.DeviceCatalogFile;
import dev.backplane.spi.support.MachineTable;
import dev.backplane.spi.support.TableMachinePlugin;
import java.util.List;

/** s390x {@code s390-ccw-virtio} and {@code s390-ccw-virtio-X.Y}: virtio-ccw and zPCI. */
@AutoService(MachinePlugin.class)
public final class S390CcwMachinePlugin extends TableMachinePlugin {
  /** Read when the first request of its architecture arrives, once per class loader. */
  private static final class Table {
    static final MachineTable QEMU_7_2 =
        MachineTable.load(S390CcwMachinePlugin.class,
            "qemu-system-s390x-7.2.json", "s390x-libvirt-9.0.json")
            .withDevices(DeviceCatalogFile.load(S390CcwMachinePlugin.class, "s390x-catalog.tsv"));
  }

  public S390CcwMachinePlugin() {
    super("s390-ccw", "s390x", () -> Table.QEMU_7_2, List.of("s390-ccw-virtio"));
  }
}
