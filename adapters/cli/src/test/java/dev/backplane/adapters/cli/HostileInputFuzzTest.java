package dev.backplane.adapters.cli;

import dev.backplane.adapters.libvirtxml.LibvirtDocument;
import dev.backplane.adapters.libvirtxml.LibvirtXml;
import dev.backplane.adapters.qemuargs.QemuArgs;
import dev.backplane.core.Backplane;
import dev.backplane.core.model.InvalidDomainException;
import dev.backplane.core.model.Plan;
import dev.backplane.core.port.in.PlanTopologyCommand;
import dev.backplane.core.testkit.PlanInvariants;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Mutated corpus domains through every public entry point: {@link LibvirtXml#read},
 * {@link Backplane#plan}, and the libvirt XML, JSON and qemu-args writers. The only failure
 * allowed is {@link InvalidDomainException} (the CLI's exit 1); any other exception, and any plan
 * that breaks {@link PlanInvariants}, fails. 5,000 inputs here; 100,000 with {@code -Pfuzz}.
 */
class HostileInputFuzzTest {
  private static final Backplane BACKPLANE = Backplane.builder().build();
  private static final JsonPlanSinks JSON = new JsonPlanSinks();
  private static final List<Path> SEEDS = seeds();
  /** jqwik runs tries one at a time, so one parser and one writer serve them all. */
  private static final javax.xml.parsers.DocumentBuilder PARSER;
  private static final javax.xml.transform.Transformer WRITER;

  static {
    try {
      PARSER = DocumentBuilderFactory.newDefaultInstance().newDocumentBuilder();
      WRITER = TransformerFactory.newDefaultInstance().newTransformer();
      WRITER.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
    } catch (Exception e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final List<String> VALUES = List.of(
      "", " ", "many", "-1", "0", "1", "2", "3", "7", "8", "15", "16", "30", "31", "32", "255", "256",
      "0x0", "0x1f", "0xff", "0xffff", "0x10000", "0xffffffff", "0x100000000", "2147483647",
      "2147483648", "-2147483649", "99999999999999999999", "010", "0x", " 4", "4 ", "\u0661",
      "1.2", "1.2.3.4.5", "0.1", "1.0", "abc", "virtio", "virtio-transitional", "e1000", "e1000e",
      "rtl8139", "qemu-xhci", "nec-xhci", "ehci", "ich9-ehci1", "ich9-uhci1", "piix3-uhci",
      "pci-ohci", "pcie-root-port", "pci-bridge", "pci-root", "pcie-root", "dmi-to-pci-bridge",
      "pcie-to-pci-bridge", "pci-expander-bus", "pcie-expander-bus", "pcie-switch-upstream-port",
      "pcie-switch-downstream-port", "spapr-pci-host-bridge", "lsilogic", "virtio-scsi", "ibmvscsi",
      "usb", "sata", "ide", "scsi", "fdc", "pci", "drive", "ccw", "spapr-vio", "virtio-serial",
      "virtio-mmio", "isa", "on", "off", "hvm", "vda", "sda", "hda", "fda", "sdaa", "tablet",
      "mouse", "keyboard", "vga", "qxl", "cirrus", "bochs", "ramfb", "none", "ich9", "ac97",
      "serial", "isa-serial", "spapr-vio-serial", "pci-serial", "usb-serial", "system-serial",
      "sclp-serial", "user", "network", "hostdev", "subsystem", "x".repeat(5000));
  private static final List<String> ATTRIBUTES = List.of(
      "type", "model", "index", "ports", "bus", "slot", "function", "domain", "controller",
      "target", "unit", "port", "devno", "cssid", "ssid", "reg", "uid", "fid", "chassis",
      "chassisNr", "busNr", "machine", "arch", "dev", "device", "multifunction", "primary", "name",
      "mode", "vectors");
  private static final List<String> ELEMENTS = List.of(
      "disk", "controller", "interface", "input", "video", "sound", "channel", "serial", "console",
      "parallel", "hub", "memballoon", "rng", "watchdog", "address", "target", "model", "source",
      "zpci", "os", "type", "devices", "hostdev", "redirdev", "smartcard", "panic", "iommu", "vsock",
      "tpm", "shmem", "filesystem", "graphics", "nvram", "memory", "lease", "crypto", "driver", "foo");
  private static final List<String> MACHINES = List.of(
      "q35", "pc", "pc-q35-7.2", "pc-i440fx-2.0", "pc-q35-99.0", "isapc", "microvm", "x-remote",
      "virt", "virt-2.6", "sbsa-ref", "raspi3b", "versatilepb", "vexpress-a15", "pseries",
      "pseries-2.1", "mac99", "powernv9", "s390-ccw-virtio", "none", "q35,sata=off", "pc,smbus=off",
      "q35,foo=on", "", "garbage");
  private static final List<String> ARCHES = List.of(
      "x86_64", "aarch64", "armv7l", "ppc64", "s390x", "i686", "ppc64le", "riscv64", "", "x");

  enum Op { SET_ATTRIBUTE, REMOVE_ATTRIBUTE, REMOVE_ELEMENT, DUPLICATE_ELEMENT, RENAME_ELEMENT,
    MOVE_ELEMENT, MACHINE, ARCH }

  /** One change: which element (and second element, for moves), which attribute, which value. */
  record Mutation(Op op, int element, int other, int name, int value) {}

  record Input(int seed, List<Mutation> mutations) {
    @Override
    public String toString() {
      return SEEDS.get(seed % SEEDS.size()) + " " + mutations;
    }
  }

  @Property(tries = 5_000, seed = "20261130")
  void mutatedCorpusDomainsAreRefusedOrPlannedSoundly(@ForAll("inputs") Input input) {
    survives(input);
  }

  @Tag("fuzz")
  @Property(tries = 100_000)
  void manyMutatedCorpusDomainsAreRefusedOrPlannedSoundly(@ForAll("inputs") Input input) {
    survives(input);
  }

  private static void survives(Input input) {
    byte[] xml = mutate(input);
    try {
      LibvirtDocument document = LibvirtXml.read(xml, "fuzz.xml");
      Plan plan = BACKPLANE.plan(new PlanTopologyCommand(document.domain()));
      PlanInvariants.check(plan);
      OutputStream sink = OutputStream.nullOutputStream();
      document.write(plan, sink);
      JSON.to(sink).write(plan);
      QemuArgs.arguments(plan, QemuArgs.Options.DEFAULT);
      QemuArgs.arguments(plan, QemuArgs.Options.STUB_BACKENDS);
    } catch (InvalidDomainException refused) {
      // the typed refusal: exit 1 with one line
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Provide
  Arbitrary<Input> inputs() {
    Arbitrary<Mutation> mutation = Combinators.combine(
        Arbitraries.of(Op.class), Arbitraries.integers().between(0, 999),
        Arbitraries.integers().between(0, 999), Arbitraries.integers().between(0, 999),
        Arbitraries.integers().between(0, 999)).as(Mutation::new);
    return Combinators.combine(Arbitraries.integers().between(0, SEEDS.size() - 1),
        mutation.list().ofMinSize(1).ofMaxSize(4)).as(Input::new);
  }

  /** The seed document with the mutations applied, as bytes. */
  static byte[] mutate(Input input) {
    try {
      Document doc = PARSER.parse(SEEDS.get(input.seed() % SEEDS.size()).toFile());
      for (Mutation m : input.mutations()) {
        apply(doc, m);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      WRITER.transform(new DOMSource(doc), new StreamResult(out));
      return out.toByteArray();
    } catch (Exception e) {
      throw new IllegalStateException("cannot mutate " + input, e);
    }
  }

  private static void apply(Document doc, Mutation m) {
    NodeList all = doc.getElementsByTagName("*");
    Element e = (Element) all.item(m.element() % all.getLength());
    Element root = doc.getDocumentElement();
    switch (m.op()) {
      case SET_ATTRIBUTE -> {
        String name = e.getAttributes().getLength() > 0 && m.name() % 2 == 0
            ? e.getAttributes().item(m.name() / 2 % e.getAttributes().getLength()).getNodeName()
            : ATTRIBUTES.get(m.name() % ATTRIBUTES.size());
        e.setAttribute(name, VALUES.get(m.value() % VALUES.size()));
      }
      case REMOVE_ATTRIBUTE -> {
        if (e.getAttributes().getLength() > 0) {
          e.removeAttribute(e.getAttributes().item(m.name() % e.getAttributes().getLength()).getNodeName());
        }
      }
      case REMOVE_ELEMENT -> {
        if (e != root) {
          e.getParentNode().removeChild(e);
        }
      }
      case DUPLICATE_ELEMENT -> {
        if (e != root) {
          e.getParentNode().insertBefore(e.cloneNode(true), e);
        }
      }
      case RENAME_ELEMENT -> {
        if (e != root) {
          doc.renameNode(e, null, ELEMENTS.get(m.name() % ELEMENTS.size()));
        }
      }
      case MOVE_ELEMENT -> {
        Element to = (Element) all.item(m.other() % all.getLength());
        boolean inside = to == e || (e.compareDocumentPosition(to) & Node.DOCUMENT_POSITION_CONTAINED_BY) != 0;
        if (e != root && !inside) {
          to.appendChild(e);
        }
      }
      case MACHINE, ARCH -> {
        NodeList types = doc.getElementsByTagName("type");
        for (int i = 0; i < types.getLength(); i++) {
          Element type = (Element) types.item(i);
          if (type.getParentNode() instanceof Element os && os.getTagName().equals("os")) {
            if (m.op() == Op.MACHINE) {
              type.setAttribute("machine", MACHINES.get(m.value() % MACHINES.size()));
            } else {
              type.setAttribute("arch", ARCHES.get(m.value() % ARCHES.size()));
            }
          }
        }
      }
    }
  }

  /** Every corpus input and libvirt's answer to it: both are domains worth mutating. */
  private static List<Path> seeds() {
    try (Stream<Path> files = Files.walk(AcceptanceCorpus.ROOT)) {
      return files.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
