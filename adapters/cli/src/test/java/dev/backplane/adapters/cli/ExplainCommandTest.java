package dev.backplane.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code plan --explain}: explanations on stderr or in JSON, and the plan itself unchanged. */
class ExplainCommandTest {
  private static final Path DOMAIN = AcceptanceCorpus.ROOT.resolve("x86_64/q35-everything.xml");

  @Test
  void explainsOnStderrAndLeavesTheTextPlanAsItWas() throws Exception {
    String xml = Files.readString(DOMAIN);
    for (String format : new String[] {"libvirt", "qemu-args", "tree"}) {
      CliRun plain = CliRun.of(xml, "plan", "--format", format, "-");
      CliRun explained = CliRun.of(xml, "plan", "--format", format, "--explain", "-");

      assertEquals(0, explained.code(), explained.err());
      assertEquals(plain.out(), explained.out(), format);
      assertEquals("", plain.err(), format);
      assertTrue(explained.err().startsWith("explain: pc-q35-7.2 (x86_64)\n"), explained.err());
      assertTrue(explained.err().contains("  pci.first-free-slot: "), explained.err());
      assertTrue(explained.err().contains(" [machine data: rootBuses]\n"), explained.err());
    }
  }

  @Test
  void jsonCarriesAnExplanationPerDeviceAndControllerOnlyWhenAsked() throws Exception {
    String xml = Files.readString(DOMAIN);
    CliRun plain = CliRun.of(xml, "plan", "--format", "json", "-");
    CliRun explained = CliRun.of(xml, "plan", "--format", "json", "--explain", "-");

    assertEquals(0, explained.code(), explained.err());
    assertEquals("", explained.err());
    assertFalse(plain.out().contains("\"explanation\""));
    JsonNode json = new ObjectMapper().readTree(explained.out());
    for (String list : new String[] {"controllers", "devices"}) {
      for (JsonNode d : json.get(list)) {
        if (!d.get("address").isNull()) {
          JsonNode reasons = d.get("explanation");
          assertTrue(reasons != null && reasons.size() > 0, "no explanation for " + d);
          assertFalse(reasons.get(0).get("rule").asText().isEmpty(), d.toString());
          assertFalse(reasons.get(0).get("source").asText().isEmpty(), d.toString());
          assertFalse(reasons.get(0).get("text").asText().isEmpty(), d.toString());
        }
      }
    }
  }

  @Test
  void batchExplainsIntoJsonLinesOnly() throws Exception {
    CliRun files = CliRun.of("", "plan", "--batch", "--explain", "--output-dir", "target/explain-batch",
        DOMAIN.toString());
    CliRun lines = CliRun.of("", "plan", "--batch", "--explain", "--format", "json", DOMAIN.toString());

    assertEquals(2, files.code(), files.err());
    assertTrue(files.err().contains("--batch --explain writes explanations into JSON only"), files.err());
    assertEquals(0, lines.code(), lines.err());
    assertTrue(lines.out().contains("\"rule\":\"pci.first-free-slot\""), lines.out());
  }
}
