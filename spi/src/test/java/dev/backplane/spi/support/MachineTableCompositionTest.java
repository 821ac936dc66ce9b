package dev.backplane.spi.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backplane.spi.MachineDescription;
import dev.backplane.spi.MachineRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Version 2 tables: a facts file and a policy overlay make one table; families extend families. */
class MachineTableCompositionTest {
  private static final String FACTS = """
      {
        "format": "backplane-machines/2",
        "arch": "x86_64",
        "binary": "qemu-system-x86_64",
        "families": {
          "q35": {
            "rootBuses": [{"name": "pcie.0", "kind": "pcie"}],
            "implicitDevices": [
              {"qemuType": "ICH9-LPC", "bus": "pcie.0", "slot": 31, "function": 0},
              {"qemuType": "ich9-ahci", "bus": "pcie.0", "slot": 31, "function": 2, "option": "sata"}
            ],
            "options": ["sata"]
          }
        },
        "machines": [{"name": "pc-q35-7.2", "family": "q35", "aliases": ["q35"]}],
        "qemuDevices": ["e1000e", "virtio-net-pci"]
      }
      """;
  private static final String POLICY = """
      {
        "format": "backplane-machines/2",
        "arch": "x86_64",
        "families": {
          "q35": {
            "implicitControllers": {"ich9-ahci": "sata"},
            "preferredSlots": {"primary-video": [1]},
            "pciControllerModels": ["pcie-root", "pcie-root-port"],
            "defaults": {"usbController": "qemu-xhci", "nicModel": "rtl8139", "memballoon": true}
          }
        }
      }
      """;

  private static Map<String, String> files(String... namesAndTexts) {
    Map<String, String> files = new LinkedHashMap<>();
    for (int i = 0; i < namesAndTexts.length; i += 2) {
      files.put(namesAndTexts[i], namesAndTexts[i + 1]);
    }
    return files;
  }

  private static MachineTable q35() {
    return MachineTable.parse(files("facts.json", FACTS, "policy.json", POLICY), List.of());
  }

  private static MachineDescription describe(MachineTable table, String machine) {
    return table.describe(MachineRequest.parse("x86_64", machine));
  }

  @Test
  void factsAndPolicyMakeOneDescription() {
    MachineDescription q35 = describe(q35(), "q35");
    assertEquals("pcie-root", q35.rootBuses().get(0).controllerModel().orElseThrow(),
        "a PCIe root's model follows from its kind");
    assertEquals("sata", q35.implicitDevices().get(1).controllerType().orElseThrow());
    assertEquals("rtl8139", q35.defaults().nicModel().orElseThrow());
    assertEquals(List.of("pcie-root", "pcie-root-port"), List.copyOf(q35.pciControllerModels()));
    assertEquals("qemu-system-x86_64", q35.qemuBinary().orElseThrow());
    assertEquals(2, q35.qemuDevices().size());
    assertEquals(1, describe(q35(), "q35,sata=off").implicitDevices().size());
  }

  @Test
  void factsAloneDeriveTheRootModelsAndTheVirtioTransport() {
    MachineDescription q35 = describe(MachineTable.parse(FACTS, "facts.json"), "q35");
    assertEquals(List.of("pcie-root"), List.copyOf(q35.pciControllerModels()));
    assertEquals("pci", q35.virtioTransport().label());
    assertTrue(q35.defaults().nicModel().isEmpty(), "QEMU's facts hold no libvirt policy");
  }

  @Test
  void aFamilyThatExtendsAnotherChangesOnlyWhatItSays() {
    String rhel = """
        {"format": "backplane-machines/2", "arch": "x86_64",
         "families": {"q35-rhel": {"extends": "q35", "defaults": {"nicModel": "e1000e"}}},
         "machines": [{"name": "pc-q35-rhel9.2.0", "family": "q35-rhel"}]}
        """;
    MachineTable downstream = MachineTable.parse(rhel, "rhel.json", List.of(q35()));
    MachineDescription built = describe(downstream, "pc-q35-rhel9.2.0");
    MachineDescription base = describe(q35(), "pc-q35-7.2");
    assertEquals("e1000e", built.defaults().nicModel().orElseThrow());
    assertEquals(base.defaults().usbController(), built.defaults().usbController(),
        "the other defaults are inherited key by key");
    assertEquals(MachineDescription.builder().from(base).name("pc-q35-rhel9.2.0").family("q35-rhel")
        .aliases(List.of()).qemuDevices(List.of()).qemuBinary(java.util.Optional.empty())
        .defaults(built.defaults()).build(), built);
  }

  @Test
  void aFamilyMayExtendOneOfTheSameTable() {
    String child = """
        {"format": "backplane-machines/2", "arch": "x86_64",
         "families": {"q35-nosata": {"extends": "q35", "defaults": {"controllers": []}}},
         "machines": [{"name": "pc-q35-custom", "family": "q35-nosata"}]}
        """;
    MachineTable table = MachineTable.parse(
        files("facts.json", FACTS, "policy.json", POLICY, "child.json", child), List.of());
    assertEquals("rtl8139", describe(table, "pc-q35-custom").defaults().nicModel().orElseThrow());
  }

  @Test
  void anExtendedFamilyThatDoesNotExistIsRefusedWithTheFamiliesThatDo() {
    String rhel = """
        {"format": "backplane-machines/2", "arch": "x86_64",
         "families": {"q35-rhel": {"extends": "q53"}},
         "machines": [{"name": "pc-q35-rhel9.2.0", "family": "q35-rhel"}]}
        """;
    MachineTableException e = assertThrows(MachineTableException.class,
        () -> MachineTable.parse(rhel, "rhel.json", List.of(q35())));
    assertEquals("rhel.json", e.origin());
    assertEquals("families.q35-rhel.extends", e.path());
    assertTrue(e.fix().contains("q35"), e.fix());
  }

  @Test
  void aKeyGivenByTwoFilesIsRefusedNamingBoth() {
    String twice = POLICY.replace("\"implicitControllers\": {\"ich9-ahci\": \"sata\"},", "\"options\": [\"smbus\"],");
    MachineTableException e = assertThrows(MachineTableException.class,
        () -> MachineTable.parse(files("facts.json", FACTS, "policy.json", twice), List.of()));
    assertEquals("policy.json", e.origin());
    assertEquals("families.q35.options", e.path());
    assertTrue(e.problem().contains("facts.json"), e.problem());
  }

  @Test
  void aControllerPinForADeviceTheFamilyLacksIsRefused() {
    String pin = POLICY.replace("\"ich9-ahci\": \"sata\"", "\"ich9-ahcI\": \"sata\"");
    MachineTableException e = assertThrows(MachineTableException.class,
        () -> MachineTable.parse(files("facts.json", FACTS, "policy.json", pin), List.of()));
    assertEquals("families.q35.implicitControllers.ich9-ahcI", e.path());
    assertTrue(e.fix().contains("ich9-ahci"), e.fix());
  }

  @Test
  void aFactsKeyMisspelledInVersion2IsRefused() {
    MachineTableException e = assertThrows(MachineTableException.class,
        () -> MachineTable.parse(FACTS.replace("\"implicitDevices\"", "\"implicitDevice\""), "facts.json"));
    assertEquals("families.q35.implicitDevice", e.path());
    assertTrue(e.fix().startsWith("did you mean 'implicitDevices'?"), e.fix());
  }

  @Test
  void version2DropsTheBoardsBusesAndTheRootModel() {
    MachineTableException e = assertThrows(MachineTableException.class, () -> MachineTable.parse(
        FACTS.replace("\"kind\": \"pcie\"}", "\"kind\": \"pcie\", \"model\": \"pcie-root\"}"), "facts.json"));
    assertEquals("families.q35.rootBuses[0].model", e.path());
  }

  @Test
  void looseFilesOfOneArchitectureFormOneTable() {
    List<MachineTable> tables = MachineTable.parseAll(
        files("a-facts.json", FACTS, "b-policy.json", POLICY), List.of());
    assertEquals(1, tables.size());
    assertEquals("rtl8139", describe(tables.get(0), "q35").defaults().nicModel().orElseThrow());
  }
}
