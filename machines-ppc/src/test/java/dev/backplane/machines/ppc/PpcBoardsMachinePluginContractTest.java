package dev.backplane.machines.ppc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backplane.spi.BusKind;
import dev.backplane.spi.MachineDescription;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.MachineRequest;
import dev.backplane.spi.MachineType;
import dev.backplane.testkit.MachinePluginContract;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PpcBoardsMachinePluginContractTest extends MachinePluginContract {
  /** sam460ex: QEMU lists its two PCIe host buses before the PLB PCI bus. */
  private static final Set<String> PCIE = Set.of("sam460ex");
  private static final Set<String> PCI =
      Set.of("40p", "bamboo", "g3beige", "mac99", "pegasos2", "ppce500", "mpc8544ds");

  @Override
  protected MachinePlugin plugin() {
    return new PpcBoardsMachinePlugin();
  }

  @Override
  protected boolean hasBehavior(Behavior behavior, MachineType type) {
    return switch (behavior) {
      case PCI_ROOT -> PCI.contains(type.name()) || PCIE.contains(type.name());
      case PCIE_ROOT -> PCIE.contains(type.name());
    };
  }

  @Test
  void listsEveryPpc64BoardButPseries() {
    assertEquals(13, types().size(), "QEMU 7.2 lists 41 ppc64 machine types: 27 pseries, none, 13 boards");
    Set<String> names = new HashSet<>();
    types().forEach(t -> names.add(t.name()));
    for (MachineType pseries : new PseriesMachinePlugin().machineTypes()) {
      assertTrue(!names.contains(pseries.name()) && pseries.aliases().stream().noneMatch(names::contains),
          pseries.name() + " belongs to ppc-pseries, not ppc-boards");
    }
  }

  @Test
  void g3beigeHasGrackleAndMacIoOnItsPciRoot() {
    MachineDescription g3 = describe("g3beige");
    assertEquals("pci.0", g3.pciRoot().orElseThrow().name());
    assertEquals(List.of("grackle@0", "macio-oldworld@16"), g3.implicitDevices().stream()
        .map(d -> d.qemuType() + "@" + d.slot().getAsInt()).toList());
    assertEquals(Set.of("pci-root", "pci-bridge"), g3.pciControllerModels(),
        "libvirt 9.0 gives every ppc64 machine a pci-root, and takes pci-bridges on it");
    assertEquals(java.util.Optional.of("qemu-xhci"), g3.defaults().usbController(),
        "libvirt 9.0's default USB controller on ppc64");
  }

  @Test
  void powernvIsAnAliasOfPowernv9WithOnlyAnIsaBus() {
    MachineDescription powernv = describe("powernv");
    assertEquals("powernv9", powernv.name());
    assertEquals(List.of(BusKind.ISA), powernv.rootBuses().stream().map(b -> b.kind()).toList());
  }

  @Test
  void pegasos2HasTwoPciRootsButNoneCanBeAdded() {
    MachineDescription pegasos = describe("pegasos2");
    assertEquals(2, pegasos.rootBuses().stream().filter(b -> b.kind().isPci()).count());
    assertFalse(pegasos.multipleRoots(), "adding roots is pSeries policy, not a fact of the board");
  }

  private MachineDescription describe(String name) {
    return plugin().describe(MachineRequest.of("ppc64", name));
  }
}
