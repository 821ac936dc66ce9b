package dev.backplane.adapters.statictables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backplane.core.Backplane;
import dev.backplane.core.machine.CapabilitySources;
import dev.backplane.core.machine.PluginCapabilitySource;
import dev.backplane.core.model.Address;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.Domain;
import dev.backplane.core.model.Plan;
import dev.backplane.core.port.in.PlanTopologyCommand;
import dev.backplane.core.port.out.CapabilitySource;
import dev.backplane.spi.MachineDescription;
import dev.backplane.spi.MachineRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticTablesTest {
  /** A downstream q35 that QEMU builds like upstream's, known only from a table on disk. */
  private static final String RHEL_TABLE = """
      {
        "format": "backplane-machines/1",
        "arch": "x86_64",
        "source": "operator",
        "families": {
          "q35": {
            "rootBuses": [{"name": "pcie.0", "kind": "pcie", "model": "pcie-root"}],
            "implicitDevices": [
              {"qemuType": "mch", "bus": "pcie.0", "slot": 0, "function": 0},
              {"qemuType": "ICH9-LPC", "bus": "pcie.0", "slot": 31, "function": 0},
              {"qemuType": "ich9-ahci", "bus": "pcie.0", "slot": 31, "function": 2, "controller": "sata"},
              {"qemuType": "ICH9-SMB", "bus": "pcie.0", "slot": 31, "function": 3}
            ],
            "preferredSlots": {"primary-video": [1]},
            "pciControllerModels": ["pcie-root", "pcie-root-port", "pcie-to-pci-bridge"],
            "defaults": {"usbController": "qemu-xhci", "memballoon": true, "controllers": ["sata"],
                         "nicModel": "virtio", "videoModel": "virtio"}
          }
        },
        "machines": [{"name": "pc-q35-rhel9.2.0", "family": "q35", "aliases": ["q35-rhel"]}]
      }
      """;

  @Test
  void describesAMachineTypeFromATableOnDisk(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("rhel.json"), RHEL_TABLE);
    CapabilitySource tables = StaticTables.fromDirectory(dir);

    MachineDescription q35 = tables.describe(MachineRequest.of("x86_64", "q35-rhel")).orElseThrow();

    assertEquals("pc-q35-rhel9.2.0", q35.name());
    assertEquals("pcie.0", q35.rootBuses().get(0).name());
    assertTrue(tables.describe(MachineRequest.of("x86_64", "pc-q35-7.2")).isEmpty());
  }

  @Test
  void plansADomainOnATableMachineThroughTheEngine(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("rhel.json"), RHEL_TABLE);
    // the table first, then the plugins, as the CLI's --tables: the plugins bring the device catalog
    Backplane backplane = Backplane.builder().capabilitySource(CapabilitySources.firstOf(List.of(
        StaticTables.fromDirectory(dir), PluginCapabilitySource.fromClassPath()))).build();
    Device nic = Device.builder(DeviceKind.INTERFACE).key("d1").type("user").build();

    Plan plan = backplane.plan(new PlanTopologyCommand(
        new Domain("x86_64", "pc-q35-rhel9.2.0", List.of(nic))));

    Device planned = plan.byKey("d1").orElseThrow();
    assertEquals("virtio", planned.model(), "the table's default NIC model");
    assertEquals(Address.Pci.of(1, 0, 0), planned.address(), "behind the first root port");
    assertEquals("dev/backplane/machines/x86/x86_64-catalog.tsv", plan.machine().devices().origin(),
        "a table without a device catalog takes the plugins' for its architecture");
  }

  @Test
  void aTableAloneHasNoDeviceCatalogAndCannotPlan(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("rhel.json"), RHEL_TABLE);
    Backplane backplane = Backplane.builder().capabilitySource(StaticTables.fromDirectory(dir)).build();
    Device nic = Device.builder(DeviceKind.INTERFACE).key("d1").type("user").build();

    dev.backplane.core.model.InvalidDomainException e = assertThrows(
        dev.backplane.core.model.InvalidDomainException.class, () -> backplane.plan(
            new PlanTopologyCommand(new Domain("x86_64", "pc-q35-rhel9.2.0", List.of(nic)))));
    assertTrue(e.getMessage().contains("no plugin has a device catalog for architecture x86_64"),
        e.getMessage());
  }

  @Test
  void refusesAnInvalidTableNamingTheFile(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("broken.json"), RHEL_TABLE.replace("\"pcie\"", "\"pcie-x\""));

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StaticTables.fromDirectory(dir));

    assertTrue(e.getMessage().contains("broken.json") && e.getMessage().contains("pcie-x"),
        e.getMessage());
  }

  @Test
  void refusesAMissingDirectory(@TempDir Path dir) {
    IOException e = assertThrows(IOException.class,
        () -> StaticTables.fromDirectory(dir.resolve("nope")));

    assertTrue(e.getMessage().contains("nope"), e.getMessage());
  }
}
