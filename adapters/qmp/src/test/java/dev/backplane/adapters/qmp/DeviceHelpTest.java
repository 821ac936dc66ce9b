package dev.backplane.adapters.qmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The device names of {@code device_add help}, read without QEMU. */
class DeviceHelpTest {

  @Test
  void readsEveryNameUnderEveryHeadingSortedAndIgnoresTheRest() {
    String help = """
        Controller/Bridge/Hub devices:
        name "pci-bridge", bus PCI, desc "Standard PCI Bridge"

        Display devices:
        name "virtio-gpu-pci", bus PCI, alias "virtio-gpu"
        name "VGA", bus PCI

        Uncategorized devices:
        name "zpci", desc "zpci device"
        """;

    assertEquals(List.of("VGA", "pci-bridge", "virtio-gpu-pci", "zpci"),
        List.copyOf(MachineProber.deviceNames(help)));
  }

  @Test
  void refusesAnAnswerWithoutDevices() {
    assertThrows(IllegalArgumentException.class,
        () -> MachineProber.deviceNames("Error: unknown command 'device_add'"));
  }
}
