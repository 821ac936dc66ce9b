package dev.backplane.spi.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backplane.spi.MachineRequest;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A table's {@code qemuDevices}: inline, from a device list file, and on every description. */
class MachineTableDevicesTest {
  private static final String TABLE = """
      {"format": "backplane-machines/1", "arch": "x86_64", %s
       "families": {"f": {"rootBuses": [{"name": "pci.0", "kind": "pci", "model": "pci-root"}]}},
       "machines": [{"name": "m-1.0", "family": "f"}]}
      """;

  @Test
  void aTableListsItsBinarysDevicesOnEveryDescriptionSorted() {
    MachineTable table = MachineTable.parse(
        TABLE.formatted("\"qemuDevices\": [\"virtio-vga\", \"VGA\"],"), "inline");

    assertEquals(List.of("VGA", "virtio-vga"), List.copyOf(table.qemuDevices()));
    assertEquals(List.of("VGA", "virtio-vga"),
        List.copyOf(table.describe(MachineRequest.of("x86_64", "m-1.0")).qemuDevices()));
  }

  @Test
  void aTableWithoutDevicesDescribesThemAsUnknown() {
    MachineTable table = MachineTable.parse(TABLE.formatted(""), "inline");

    assertEquals(Set.of(), table.describe(MachineRequest.of("x86_64", "m-1.0")).qemuDevices());
  }

  @Test
  void aDeviceListFileServesATableWithoutOne() {
    Set<String> devices = MachineTable.loadQemuDevices(getClass(), "sorted.devices");
    MachineTable table = MachineTable.parse(TABLE.formatted(""), "inline").withQemuDevices(devices);

    assertEquals(List.of("VGA", "virtio-gpu-pci", "virtio-vga"),
        List.copyOf(table.describe(MachineRequest.of("x86_64", "m-1.0")).qemuDevices()));
    assertThrows(IllegalStateException.class, () -> table.withQemuDevices(devices),
        "a table keeps the one list it has");
  }

  @Test
  void refusesAnUnsortedListAndNonStringDevices() {
    IllegalStateException unsorted = assertThrows(IllegalStateException.class,
        () -> MachineTable.loadQemuDevices(getClass(), "unsorted.devices"));
    assertTrue(unsorted.getMessage().contains("unsorted.devices:2: 'VGA' is out of order"),
        unsorted.getMessage());
    IllegalArgumentException number = assertThrows(IllegalArgumentException.class,
        () -> MachineTable.parse(TABLE.formatted("\"qemuDevices\": [1],"), "inline"));
    assertTrue(number.getMessage().contains("qemuDevices[0]: must be a string"),
        number.getMessage());
  }
}
