package dev.backplane.spi.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backplane.spi.MachineRequest;
import org.junit.jupiter.api.Test;

class MachineTableFormatTest {
  /** A valid q35-like table; each test changes one thing in it. */
  private static final String TABLE = """
      {
        "format": "backplane-machines/1",
        "arch": "x86_64",
        "families": {
          "q35": {
            "rootBuses": [{"name": "pcie.0", "kind": "pcie", "model": "pcie-root"}],
            "implicitDevices": [
              {"qemuType": "ICH9-LPC", "bus": "pcie.0", "slot": 31, "function": 0},
              {"qemuType": "ich9-ahci", "bus": "pcie.0", "slot": 31, "function": 2,
               "controller": "sata", "option": "sata"}
            ],
            "options": ["sata"],
            "reservations": [{"slot": 31, "function": 0, "reason": "LPC"}],
            "preferredSlots": {"primary-video": [1]},
            "pciControllerModels": ["pcie-root", "pcie-root-port"],
            "defaults": {"usbController": "qemu-xhci", "nicModel": "e1000e", "memballoon": true}
          }
        },
        "machines": [{"name": "pc-q35-7.2", "family": "q35", "aliases": ["q35"], "default": true}]
      }
      """;

  private static MachineTableException refused(String from, String to) {
    assertTrue(TABLE.contains(from), from);
    return assertThrows(MachineTableException.class,
        () -> MachineTable.parse(TABLE.replace(from, to), "acme.json"));
  }

  @Test
  void theUnchangedTableLoads() {
    MachineTable table = MachineTable.parse(TABLE, "acme.json");
    assertEquals("e1000e", table.describe(MachineRequest.of("x86_64", "q35")).defaults().nicModel().orElseThrow());
  }

  @Test
  void aMisspelledFamilyKeyIsRefusedWithThePathAndTheKeyItMeant() {
    MachineTableException e = refused("\"pciControllerModels\"", "\"pciControlerModels\"");
    assertEquals("acme.json", e.origin());
    assertEquals("families.q35.pciControlerModels", e.path());
    assertEquals("unknown key", e.problem());
    assertTrue(e.fix().startsWith("did you mean 'pciControllerModels'?"), e.fix());
    assertTrue(e.getMessage().startsWith(
        "machine table acme.json: families.q35.pciControlerModels: unknown key (fix: did you mean"), e.getMessage());
  }

  @Test
  void aMisspelledDefaultsKeyIsRefused() {
    assertEquals("families.q35.defualts", refused("\"defaults\"", "\"defualts\"").path());
  }

  @Test
  void aMisspelledKeyInsideDefaultsIsRefused() {
    MachineTableException e = refused("\"nicModel\"", "\"nicModle\"");
    assertEquals("families.q35.defaults.nicModle", e.path());
    assertTrue(e.fix().contains("'nicModel'"), e.fix());
  }

  @Test
  void anUnknownKeyFarFromAnyIsToldToGo() {
    MachineTableException e = refused("\"arch\": \"x86_64\",", "\"arch\": \"x86_64\", \"vendor\": \"acme\",");
    assertEquals("vendor", e.path());
    assertTrue(e.fix().startsWith("remove it; known keys:"), e.fix());
  }

  @Test
  void aWrongTypeIsRefusedNamingWhatIsExpected() {
    MachineTableException e = refused("\"memballoon\": true", "\"memballoon\": \"yes\"");
    assertEquals("families.q35.defaults.memballoon", e.path());
    assertEquals("must be true or false, not a string", e.problem());
  }

  @Test
  void aSlotOutsideZeroToThirtyOneIsRefused() {
    MachineTableException e = refused("\"slot\": 31, \"function\": 0, \"reason\"", "\"slot\": 32, \"function\": 0, \"reason\"");
    assertEquals("families.q35.reservations[0].slot", e.path());
  }

  @Test
  void anEnumValueOutsideItsWordsIsRefused() {
    assertEquals("families.q35.rootBuses[0].kind", refused("\"kind\": \"pcie\"", "\"kind\": \"pcie-express\"").path());
  }

  @Test
  void aMissingRequiredKeyIsRefused() {
    MachineTableException e = refused("\"arch\": \"x86_64\",", "");
    assertEquals("", e.path());
    assertTrue(e.problem().contains("'arch'"), e.problem());
  }

  @Test
  void anotherFormatVersionIsRefusedBeforeItsKeys() {
    MachineTableException e = refused("backplane-machines/1\",", "backplane-machines/3\", \"extends\": \"q35\",");
    assertEquals("format", e.path());
    assertTrue(e.problem().contains("'backplane-machines/3' is not supported"), e.problem());
    assertTrue(e.problem().contains("backplane-machines/1"), e.problem());
  }

  @Test
  void aTableWithoutFormatIsRefused() {
    assertEquals("format", refused("\"format\": \"backplane-machines/1\",", "").path());
  }

  @Test
  void anImplicitDeviceOnABusTheFamilyHasNotIsRefused() {
    MachineTableException e = refused("\"ICH9-LPC\", \"bus\": \"pcie.0\"", "\"ICH9-LPC\", \"bus\": \"pci.0\"");
    assertEquals("families.q35.implicitDevices[0].bus", e.path());
    assertTrue(e.fix().contains("pcie.0"), e.fix());
  }

  @Test
  void anImplicitDeviceOptionTheFamilyHasNotIsRefused() {
    assertEquals("families.q35.implicitDevices[1].option",
        refused("\"option\": \"sata\"", "\"option\": \"smbus\"").path());
  }

  @Test
  void aPreferredSlotOffTheRootBusIsRefused() {
    MachineTableException e = refused("\"rootBuses\": [{\"name\": \"pcie.0\", \"kind\": \"pcie\", \"model\": \"pcie-root\"}]",
        "\"rootBuses\": [{\"name\": \"pcie.0\", \"kind\": \"pcie\", \"model\": \"pcie-root\", \"lastSlot\": 30}]");
    assertEquals("families.q35.reservations[0].slot", e.path());
    assertTrue(e.problem().contains("off root bus pcie.0"), e.problem());
  }

  @Test
  void aPreferredSlotWithoutAPciRootIsRefused() {
    String isaOnly = TABLE.replace("{\"name\": \"pcie.0\", \"kind\": \"pcie\", \"model\": \"pcie-root\"}",
            "{\"name\": \"isa.0\", \"kind\": \"isa\"}")
        .replace("\"bus\": \"pcie.0\"", "\"bus\": \"isa.0\"")
        .replace("\"reservations\": [{\"slot\": 31, \"function\": 0, \"reason\": \"LPC\"}],", "")
        .replace("\"pciControllerModels\": [\"pcie-root\", \"pcie-root-port\"],", "");
    MachineTableException e = assertThrows(MachineTableException.class, () -> MachineTable.parse(isaOnly, "isa.json"));
    assertEquals("families.q35.preferredSlots.primary-video[0]", e.path());
  }

  @Test
  void anUnknownPreferredSlotRoleIsRefused() {
    assertEquals("families.q35.preferredSlots.primary-vga",
        refused("\"primary-video\"", "\"primary-vga\"").path());
  }

  @Test
  void aRootModelMissingFromThePciControllerModelsIsRefused() {
    assertEquals("families.q35.rootBuses[0].model",
        refused("[\"pcie-root\", \"pcie-root-port\"]", "[\"pcie-root-port\"]").path());
  }

  @Test
  void aMachineOfAnUnknownFamilyIsRefused() {
    assertEquals("machines[0].family", refused("\"family\": \"q35\"", "\"family\": \"q53\"").path());
  }

  @Test
  void aNameListedTwiceIsRefused() {
    assertEquals("machines[1]", refused("\"default\": true}]",
        "\"default\": true}, {\"name\": \"q35\", \"family\": \"q35\"}]").path());
  }

  @Test
  void aBinarysQemuDeviceListIsPartOfTheFormat() {
    MachineTable.parse(TABLE.replace("\"arch\": \"x86_64\",",
        "\"arch\": \"x86_64\", \"qemuDevices\": [\"e1000e\", \"virtio-net-pci\"],"), "acme.json");
    assertEquals("qemuDevices[1]", refused("\"arch\": \"x86_64\",",
        "\"arch\": \"x86_64\", \"qemuDevices\": [\"e1000e\", 7],").path());
  }

  @Test
  void badJsonSyntaxNamesTheTable() {
    MachineTableException e = refused("\"arch\": \"x86_64\",", "\"arch\" \"x86_64\",");
    assertTrue(e.getMessage().startsWith("machine table acme.json: JSON: expected ':'"), e.getMessage());
  }
}
