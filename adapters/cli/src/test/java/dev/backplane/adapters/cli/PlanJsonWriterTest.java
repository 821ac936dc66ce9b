package dev.backplane.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.backplane.adapters.libvirtxml.LibvirtDocument;
import dev.backplane.adapters.libvirtxml.LibvirtXml;
import dev.backplane.core.Backplane;
import dev.backplane.core.model.BudgetUse;
import dev.backplane.core.model.InvalidDomainException;
import dev.backplane.core.model.Plan;
import dev.backplane.core.port.in.PlanTopologyCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link PlanJsonWriter} writes the bytes Jackson's databind writes for the same {@link PlanJson}
 * (as {@code plan --format json} did through an ObjectMapper), indented and as batch lines: on
 * every seventh domain of the conformance corpora, with and without --explain and a firmware
 * budget, so that every address type, controller and device kind is written both ways.
 */
class PlanJsonWriterTest {
  private static final Backplane BACKPLANE = Backplane.builder().build();
  private static final ObjectMapper DATABIND = CliModule.objectMapper();
  private static final ObjectWriter LINES = DATABIND.writer().without(SerializationFeature.INDENT_OUTPUT);

  @JsonPropertyOrder({"file"})
  record PlanLine(String file, @JsonUnwrapped PlanJson plan) {}

  @JsonPropertyOrder({"file", "error"})
  record ErrorLine(String file, String error) {}

  @Test
  void writesWhatDatabindWrites() throws IOException {
    List<Path> inputs = new ArrayList<>();
    try (Stream<Path> files = Files.walk(AcceptanceCorpus.ROOT.getParent())) {
      files.filter(p -> p.toString().endsWith(".xml") && !p.toString().endsWith(".libvirt.xml")
              && p.toString().contains("/corpus"))
          .sorted().forEach(inputs::add);
    }
    Set<String> addressTypes = new TreeSet<>();
    int compared = 0;
    for (int i = 0; i < inputs.size(); i += 7) {
      Path input = inputs.get(i);
      Plan plan;
      LibvirtDocument document;
      try {
        document = LibvirtXml.read(Files.readAllBytes(input), input.toString());
        plan = BACKPLANE.plan(new PlanTopologyCommand(document.domain(), i % 14 == 0));
      } catch (InvalidDomainException e) {
        continue;
      }
      BudgetUse use = null;
      if (i % 21 == 0) {
        try {
          use = FirmwareCheck.check(document, plan, null, new PrintStream(new ByteArrayOutputStream()))
              .orElse(null);
        } catch (InvalidDomainException e) {
          use = null; // over the firmware's budget: written without one
        }
      }
      PlanJson json = PlanJson.of(plan, use);
      plan.devices().forEach(d -> addressTypes.add(d.address() == null ? "none" : d.address().type()));

      ByteArrayOutputStream ours = new ByteArrayOutputStream();
      PlanJsonWriter.write(json, ours);
      assertEquals(DATABIND.writeValueAsString(json), ours.toString(StandardCharsets.UTF_8), input.toString());
      assertEquals(LINES.writeValueAsString(new PlanLine(input.toString(), json)) + "\n",
          new String(PlanJsonWriter.line(input.toString(), json), StandardCharsets.UTF_8), input.toString());
      compared++;
    }
    assertTrue(compared > 1000, compared + " plans compared");
    assertTrue(addressTypes.containsAll(Set.of("pci", "drive", "virtio-serial", "usb", "ccw",
        "spapr-vio", "virtio-mmio", "ccid", "isa", "none")), addressTypes.toString());
  }

  @Test
  void writesAnErrorLineAsDatabindDoes() throws IOException {
    String error = "x.xml line 3: \"quoted\" \\ and \u00e9 and a\ttab";
    assertEquals(LINES.writeValueAsString(new ErrorLine("dir/x.xml", error)) + "\n",
        new String(PlanJsonWriter.errorLine("dir/x.xml", error), StandardCharsets.UTF_8));
  }
}
