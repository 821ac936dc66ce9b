package dev.backplane.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.backplane.adapters.diagram.Graphviz;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** plan and describe with --format tree, dot and svg, through the command line. */
class PicturesTest {

  /** A q35 domain with {@code count} virtio NICs and no addresses, as gen-many.sh writes it. */
  static String manyNics(int count) {
    StringBuilder s = new StringBuilder("""
        <domain type='qemu'>
          <name>many</name>
          <memory unit='MiB'>1024</memory>
          <os><type arch='x86_64' machine='q35'>hvm</type></os>
          <devices>
        """);
    for (int i = 0; i < count; i++) {
      s.append(String.format("    <interface type='user'><mac address='52:54:00:00:%02x:%02x'/>"
          + "<model type='virtio'/></interface>%n", i >> 8, i & 255));
    }
    return s.append("  </devices>\n</domain>\n").toString();
  }

  /** The ids the JSON plan gives its devices and controllers. */
  private static List<String> plannedIds(String domain) {
    CliRun json = CliRun.of(domain, "plan", "--format", "json", "-");
    assertEquals(0, json.code(), json.err());
    return json.out().lines().map(String::strip).filter(l -> l.startsWith("\"id\" : \""))
        .map(l -> l.substring("\"id\" : \"".length(), l.lastIndexOf('"'))).toList();
  }

  @Test
  void theTreeOfABigPlanNamesEveryDeviceOnceInItsPlace() {
    String domain = manyNics(237);
    List<String> ids = plannedIds(domain);
    assertTrue(ids.size() >= 240, "devices: " + ids.size());

    CliRun tree = CliRun.of(domain, "plan", "--format", "tree", "-");
    assertEquals(0, tree.code(), tree.err());
    Set<String> named = new HashSet<>();
    tree.out().lines().skip(1).forEach(line -> {
      String[] words = line.replaceFirst("^[|+\\\\ -]*", "").split(" +");
      named.add(words.length > 1 && words[0].matches("[0-9a-f]{2}\\.[0-7]") ? words[1] : words[0]);
    });
    for (String id : ids) {
      assertTrue(named.contains(id), id + " is missing from the tree");
    }
    assertTrue(tree.out().contains("  [root port]\n"), tree.out());
  }

  @Test
  void describeDrawsAnEmptyMachine() {
    CliRun tree = CliRun.of("", "describe", "q35", "--format", "tree");
    assertEquals(0, tree.code(), tree.err());
    assertEquals("""
        pc-q35-7.2 (x86_64)
        pcie.0  pcie-root  [root complex]
        +-00.0 mch  [built in]
        +-01-1e (free: 30 slots)
        +-1f.0 ICH9-LPC  [built in]
        +-1f.2 ich9-ahci  [built in]
        \\-1f.3 ICH9-SMB  [built in]
        """, tree.out());

    CliRun dot = CliRun.of("", "describe", "pseries", "--arch", "ppc64", "--format", "dot");
    assertEquals(0, dot.code(), dot.err());
    assertTrue(dot.out().startsWith("digraph topology {"), dot.out());
    assertTrue(dot.out().contains("label=\"spapr-vio\\nspapr_vio bus\""), dot.out());
  }

  @Test
  void anUnknownFormatIsAUsageError() {
    CliRun run = CliRun.of("", "plan", "--format", "png", "-");
    assertEquals(ExitCodes.USAGE, run.code(), run.err());
  }

  @Test
  @Tag("graphviz")
  void dotDrawsABigPlanAsWellFormedSvgNamingEveryDevice() throws Exception {
    requireDot();
    String domain = manyNics(237);
    List<String> ids = plannedIds(domain);
    assertTrue(ids.size() >= 240, "devices: " + ids.size());

    CliRun svg = CliRun.of(domain, "plan", "--format", "svg", "-");
    assertEquals(0, svg.code(), svg.err());
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    Document document = factory.newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.out().getBytes(StandardCharsets.UTF_8)));
    assertEquals("svg", document.getDocumentElement().getTagName());
    Set<String> texts = new HashSet<>();
    NodeList nodes = document.getElementsByTagName("text");
    for (int i = 0; i < nodes.getLength(); i++) {
      texts.add(nodes.item(i).getTextContent());
    }
    for (String id : ids) {
      assertTrue(texts.contains(id), id + " is not named in the SVG");
    }
  }

  /** Graphviz's dot, or the test is skipped (failed when {@code CI=true}). */
  private static void requireDot() {
    if (Graphviz.locate().isEmpty()) {
      if ("true".equals(System.getenv("CI"))) {
        fail("Graphviz's dot is not on the PATH, and CI=true requires this test to run");
      }
      Assumptions.abort("Graphviz's dot is not on the PATH");
    }
  }
}
