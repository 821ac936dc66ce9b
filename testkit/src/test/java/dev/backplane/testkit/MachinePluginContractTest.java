package dev.backplane.testkit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.support.MachineTable;
import dev.backplane.spi.support.TableMachinePlugin;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The kit fails plugins whose data is wrong, not only ones that throw. */
class MachinePluginContractTest {
  private static final String TABLE = """
      {"format": "backplane-machines/1", "arch": "x86_64",
       "families": {"acme": {
         "rootBuses": [{"name": "pcie.0", "kind": "pcie", "model": "pcie-root", "lastSlot": 2}],
         "implicitDevices": [{"qemuType": "acme-lpc", "bus": "pcie.0", "slot": 1, "function": 0}],
         "pciControllerModels": ["pcie-root", "pcie-root-port"],
         "defaults": {"nicModel": "NIC_MODEL", "usbController": "qemu-xhci"}}},
       "machines": [{"name": "acme-1.0", "family": "acme"}]}
      """;

  private static MachinePluginContract contractFor(String nicModel, int lastSlot) {
    MachineTable table = MachineTable.parse(
        TABLE.replace("NIC_MODEL", nicModel).replace("\"lastSlot\": 2", "\"lastSlot\": " + lastSlot), "acme.json");
    return new MachinePluginContract() {
      @Override
      protected MachinePlugin plugin() {
        return new TableMachinePlugin("acme", table, List.of("acme")) {};
      }

      @Override
      protected boolean hasBehavior(Behavior behavior) {
        return true;
      }
    };
  }

  @Test
  void aGoodTablePassesTheDataAndPlanningChecks() {
    MachinePluginContract contract = contractFor("e1000e", 2);
    contract.defaultsNameModelsLibvirtKnows();
    contract.everyPciRootHasAFreeSlot();
    contract.plansAStandardDomainOnEveryMachineWithAPciOrVirtioBus().forEach(test -> {
      try {
        test.getExecutable().execute();
      } catch (Throwable e) {
        throw new AssertionError(e);
      }
    });
  }

  @Test
  void aDefaultNicThatDoesNotExistFailsTheKit() {
    AssertionError e = assertThrows(AssertionError.class,
        () -> contractFor("e1000x", 2).defaultsNameModelsLibvirtKnows());
    assertTrue(e.getMessage().contains("defaults.nicModel 'e1000x'"), e.getMessage());
  }

  @Test
  void aDefaultNicTheCatalogDoesNotHaveFailsTheKit() {
    MachinePluginContract contract = contractFor("i82551", 2);
    contract.defaultsNameModelsLibvirtKnows(); // libvirt knows the model ...
    AssertionError e = assertThrows(AssertionError.class, contract::defaultsNameModelsTheCatalogHas);
    assertTrue(e.getMessage().contains("defaults.nicModel 'i82551' is not an interface model of the device catalog"),
        e.getMessage()); // ... but QEMU's device for it is not in the x86_64 catalog
  }

  @Test
  void aDefaultNicTheCatalogHasPassesTheKit() {
    contractFor("e1000e", 2).defaultsNameModelsTheCatalogHas();
  }

  @Test
  void aRootBusWithoutAFreeSlotFailsTheKit() {
    AssertionError e = assertThrows(AssertionError.class,
        () -> contractFor("e1000e", 1).everyPciRootHasAFreeSlot());
    assertTrue(e.getMessage().contains("has no free slot"), e.getMessage());
  }

  @Test
  void aMachineThatCannotPlanTheStandardDomainFailsTheKit() {
    AssertionError e = assertThrows(AssertionError.class, () -> contractFor("e1000e", 1)
        .plansAStandardDomainOnEveryMachineWithAPciOrVirtioBus().forEach(test -> {
          try {
            test.getExecutable().execute();
          } catch (AssertionError error) {
            throw error;
          } catch (Throwable other) {
            throw new IllegalStateException(other);
          }
        }));
    assertTrue(e.getMessage().contains("acme-1.0 cannot plan"), e.getMessage());
  }

  @Test
  void pluginCodeThatUsesCoreBreaksTheDependencyRule() {
    var classes = new com.tngtech.archunit.core.importer.ClassFileImporter()
        .importClasses(UsesCore.class);
    assertThrows(AssertionError.class, () -> PluginRules.DEPENDS_ONLY_ON_SPI_AND_THE_JDK.check(classes));
  }

  /** Plugin-like code that reaches into core. */
  static final class UsesCore {
    Object backplane() {
      return dev.backplane.core.Backplane.builder();
    }
  }
}
