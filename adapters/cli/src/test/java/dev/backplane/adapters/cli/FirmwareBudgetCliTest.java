package dev.backplane.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code plan --firmware}: the budget chosen, the refusal over it, the warning near it, the JSON. */
class FirmwareBudgetCliTest {

  private static String q35(String os, int e1000e) {
    StringBuilder xml = new StringBuilder("<domain type='kvm'><name>fw</name><memory>131072</memory>"
        + "<os><type arch='x86_64' machine='q35'>hvm</type>" + os + "</os>"
        + "<features><acpi/></features><devices>"); // UEFI on x86 needs ACPI
    for (int i = 0; i < e1000e; i++) {
      xml.append("<interface type='user'><model type='e1000e'/></interface>");
    }
    return xml.append("</devices></domain>").toString();
  }

  @Test
  void aPlanOverTheSeabiosIoBudgetIsRefusedWithTheFiguresAndAFix() {
    CliRun r = CliRun.of(q35("", 15), "plan", "-");
    assertEquals(1, r.code(), r.err());
    assertEquals("", r.out());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("backplane: <os firmware='seabios'> on pc-q35-7.2: the plan needs 15 I/O "
        + "windows of 4 KiB"), r.err());
    assertTrue(r.err().contains("the seabios I/O budget is 14") && r.err().contains("(fix: "), r.err());
  }

  @Test
  void atNinetyPercentOfABudgetPlanWarnsOnStderrAndStillPlans() {
    CliRun r = CliRun.of(q35("", 13), "plan", "-");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().startsWith("backplane: warning: seabios on pc-q35-7.2: 13 of 14 I/O windows used"), r.err());
  }

  @Test
  void theDomainsUefiLoaderSelectsOvmfAndNoneChecksNothing() {
    String efi = q35("<loader readonly='yes' type='pflash'>/usr/share/OVMF/OVMF_CODE.fd</loader>", 10);
    CliRun r = CliRun.of(efi, "plan", "-");
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains("ovmf I/O budget is 9"), r.err());
    assertEquals(0, CliRun.of(efi, "plan", "--firmware", "none", "-").code());
    assertEquals(0, CliRun.of(q35("", 10), "plan", "--firmware", "seabios", "-").code());
  }

  @Test
  void jsonCarriesTheBudgetAndItsUse() throws Exception {
    CliRun r = CliRun.of(q35("", 2), "plan", "--format", "json", "--firmware", "ovmf", "-");
    assertEquals(0, r.code(), r.err());
    JsonNode firmware = new ObjectMapper().readTree(r.out()).get("firmware");
    assertEquals("ovmf", firmware.get("name").asText());
    assertTrue(firmware.get("measured").asBoolean());
    assertEquals(256, firmware.get("busNumbers").get("limit").asInt());
    assertEquals(9, firmware.get("ioWindows").get("limit").asInt());
    assertEquals(2, firmware.get("ioWindows").get("used").asInt());
    assertEquals(2, firmware.get("ioWindows").get("bridges").size());
  }

  @Test
  void anUnknownFirmwareIsAUsageError() {
    CliRun r = CliRun.of(q35("", 1), "plan", "--firmware", "coreboot", "-");
    assertEquals(2, r.code(), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
  }

  @Test
  void explainNamesTheFirmwareAndWhatThePlanUses() {
    CliRun r = CliRun.of(q35("", 1), "plan", "--explain", "-");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("firmware: seabios on pc-q35-7.2: ") && r.err().contains(" of 256 PCI bus numbers, 1 of 14 I/O windows"),
        r.err());
  }
}
