package dev.backplane.adapters.libvirtxml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backplane.core.model.Address;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.Plan;
import dev.backplane.machines.x86.Q35MachinePlugin;
import dev.backplane.spi.MachineDescription;
import dev.backplane.spi.MachineRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.xml.namespace.NamespaceContext;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

class LibvirtDocumentWriteTest {
  private static final MachineDescription Q35 =
      new Q35MachinePlugin().describe(MachineRequest.of("x86_64", "q35"));

  private static final String GUEST = """
      <!-- managed by hand -->
      <domain type='kvm' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0' id='7'>
        <name>guest</name>
        <metadata>
          <app:info xmlns:app='http://example.com/app' app:version='2'>
            <app:owner>ops &amp; dev</app:owner>
            <![CDATA[raw <data>]]>
          </app:info>
        </metadata>
        <os firmware='efi'>
          <type arch='x86_64' machine='q35'>hvm</type>
          <boot dev='hd'/>
        </os>
        <features>
          <acpi/>
        </features>
        <devices>
          <emulator>/usr/bin/qemu-system-x86_64</emulator>
          <!-- the root disk -->
          <disk type='file' device='disk'>
            <driver name='qemu' type='qcow2' discard='unmap'/>
            <source file='/var/lib/libvirt/images/guest.qcow2'/>
            <target dev='vda' bus='virtio'/>
          </disk>
          <controller type='usb' index='0' model='qemu-xhci' ports='15'/>
          <interface type='network' trustGuestRxFilters='yes'>
            <mac address='52:54:00:12:34:56'/>
            <source network='default'/>
            <model type='virtio'/>
            <future-option level="3"/>
          </interface>
          <watchdog model='i6300esb' action='reset'/>
        </devices>
        <qemu:commandline>
          <qemu:arg value='-s'/>
        </qemu:commandline>
      </domain>
      """;

  private static LibvirtDocument guest() {
    return LibvirtXml.read(GUEST.getBytes(StandardCharsets.UTF_8), "guest.xml");
  }

  /** A domain of these devices, read as the adapter reads a file of that name. */
  private static LibvirtDocument devices(String devicesXml, String name) {
    return LibvirtXml.read(("<domain><os><type>hvm</type></os><devices>" + devicesXml
        + "</devices></domain>").getBytes(StandardCharsets.UTF_8), name);
  }

  private static Plan plan(LibvirtDocument document, UnaryOperator<List<Device>> change) {
    return new Plan("x86_64", Q35, change.apply(new ArrayList<>(document.domain().devices())));
  }

  private static List<Device> replace(List<Device> devices, String key, UnaryOperator<Device> change) {
    devices.replaceAll(d -> key.equals(d.key()) ? change.apply(d) : d);
    return devices;
  }

  private static String write(LibvirtDocument document, Plan plan) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    document.write(plan, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static Document dom(String xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  private static XPath xpath() {
    XPath xpath = XPathFactory.newInstance().newXPath();
    xpath.setNamespaceContext(new NamespaceContext() {
      @Override
      public String getNamespaceURI(String prefix) {
        return switch (prefix) {
          case "app" -> "http://example.com/app";
          case "qemu" -> "http://libvirt.org/schemas/domain/qemu/1.0";
          default -> null;
        };
      }

      @Override
      public String getPrefix(String uri) {
        return null;
      }

      @Override
      public java.util.Iterator<String> getPrefixes(String uri) {
        return null;
      }
    });
    return xpath;
  }

  private static Node node(Document document, String path) throws Exception {
    return (Node) xpath().evaluate(path, document, XPathConstants.NODE);
  }

  private static String text(Document document, String path) throws Exception {
    return xpath().evaluate(path, document);
  }

  private static Device rootPort() {
    return Device.builder(DeviceKind.CONTROLLER).type("pci").index(1).model("pcie-root-port")
        .attribute(Device.MODEL_NAME, "pcie-root-port").attribute(Device.CHASSIS, "1")
        .attribute(Device.PORT, "16").address(new Address.Pci(0, 0, 2, 0, true)).added(true).build();
  }

  private static Plan addressAndController(LibvirtDocument document) {
    return plan(document, devices -> {
      replace(devices, "d4", d -> d.withAddress(Address.Pci.of(1, 0, 0)));
      devices.add(0, Device.builder(DeviceKind.CONTROLLER).type("pci").index(0)
          .model("pcie-root").added(true).build());
      devices.add(rootPort());
      return devices;
    });
  }

  @Test
  void keepsEverythingBackplaneDoesNotModelAfterAddingAnAddressAndAController() throws Exception {
    LibvirtDocument document = guest();
    Document before = dom(GUEST);

    Document after = dom(write(document, addressAndController(document)));

    for (String path : List.of("/domain/metadata", "/domain/qemu:commandline", "/domain/name",
        "/domain/devices/disk", "/domain/devices/emulator", "/domain/devices/watchdog",
        "/domain/os/boot", "/domain/devices/interface/mac", "/domain/devices/interface/source",
        "/domain/devices/interface/model", "/domain/devices/interface/future-option",
        "/domain/devices/controller[@type='usb']")) {
      assertTrue(node(before, path).isEqualNode(node(after, path)), path + " changed");
    }
    assertEquals("yes", text(after, "/domain/devices/interface/@trustGuestRxFilters"));
    assertEquals("7", text(after, "/domain/@id"));
    assertEquals("efi", text(after, "/domain/os/@firmware"));
    assertEquals("ops & dev", text(after, "/domain/metadata/app:info/app:owner"));
    assertEquals(List.of(" managed by hand ", " the root disk "), comments(after));
  }

  private static List<String> comments(Document document) throws Exception {
    NodeList nodes = (NodeList) xpath().evaluate("//comment()", document, XPathConstants.NODESET);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      out.add(nodes.item(i).getNodeValue());
    }
    return out;
  }

  @Test
  void writesZpciIdsInsideThePlannedPciAddressInLibvirtsForm() throws Exception {
    LibvirtDocument document = guest();

    Document after = dom(write(document, plan(document, devices -> replace(devices, "d4", d ->
        d.toBuilder().address(Address.Pci.of(0, 2, 0)).attribute(Device.ZPCI_UID, "3")
            .attribute(Device.ZPCI_FID, "0x27").build()))));

    assertEquals("0x02|0x0003|0x00000027", text(after,
        "concat(/domain/devices/interface/address/@slot, '|', /domain/devices/interface/address/zpci/@uid,"
            + " '|', /domain/devices/interface/address/zpci/@fid)"));
    assertEquals("address", text(after, "name(/domain/devices/interface/*[last()])"));
  }

  @Test
  void keepsTheUsersZpciElementWhenTheAddressIsFilledIn() throws Exception {
    LibvirtDocument document = LibvirtXml.read(("<domain><os><type>hvm</type></os><devices><interface type='user'>"
        + "<address type='pci'><zpci uid='0x0001' fid='0x00000005'/></address></interface>"
        + "</devices></domain>").getBytes(StandardCharsets.UTF_8), "zpci.xml");

    String xml = write(document, plan(document, devices -> replace(devices, "d1",
        d -> d.withAddress(Address.Pci.of(0, 2, 0)))));

    assertTrue(xml.contains("<address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'>"
        + "<zpci uid='0x0001' fid='0x00000005'/></address>"), xml);
  }

  @Test
  void writesThePrimaryVideoAheadOfTheOthersAsLibvirtLists() throws Exception {
    LibvirtDocument document = devices("<video><model type='qxl'/></video>"
        + "<video><model type='vga' primary='yes'/></video>", "videos.xml");

    String xml = write(document, plan(document, devices -> List.of(devices.get(1), devices.get(0))));

    assertTrue(xml.indexOf("type='vga'") < xml.indexOf("type='qxl'"), xml);
  }

  @Test
  void dropsTheAddressOfAMemballoonOfModelNoneAsLibvirtNeitherReadsNorWritesIt() throws Exception {
    LibvirtDocument document =
        devices("<memballoon model='none'><address type='pci' slot='0x05'/></memballoon>", "balloon.xml");

    String xml = write(document, plan(document, devices -> devices));

    assertNull(document.domain().devices().get(0).address(), "address read");
    assertTrue(xml.contains("<memballoon model='none'/>"), xml);
  }

  @Test
  void dropsEveryAddressOfADeviceLibvirtDoesNotAddressSoThatPlanningAgainChangesNothing() throws Exception {
    // only the first went, so the next plan of the output dropped the second
    LibvirtDocument document = devices("<memballoon model='none'><address type='pci' slot='0x05'/>"
        + "<address type='pci' slot='0x06'/></memballoon>", "balloon.xml");

    String xml = write(document, plan(document, devices -> devices));

    assertTrue(xml.contains("<memballoon model='none'/>"), xml);
  }

  @Test
  void writesSpaprVioRegsWithEightHexDigits() throws Exception {
    LibvirtDocument document = guest();

    Document after = dom(write(document, plan(document, devices -> replace(devices, "d4",
        d -> d.withAddress(new Address.SpaprVio(0x1000L))))));

    assertEquals("0x00001000", text(after, "/domain/devices/interface/address/@reg"));
  }

  @Test
  void writesThePlannedAddressAndCanonicalMachine() throws Exception {
    LibvirtDocument document = guest();

    Document after = dom(write(document, addressAndController(document)));

    assertEquals("pc-q35-7.2", text(after, "/domain/os/type/@machine"));
    assertEquals("x86_64", text(after, "/domain/os/type/@arch"));
    assertEquals("pci|0x0000|0x01|0x00|0x0", text(after,
        "concat(/domain/devices/interface/address/@type, '|', /domain/devices/interface/address/@domain, '|',"
            + " /domain/devices/interface/address/@bus, '|', /domain/devices/interface/address/@slot, '|',"
            + " /domain/devices/interface/address/@function)"));
    assertEquals("future-option", text(after, "name(/domain/devices/interface/address/preceding-sibling::*[1])"));
  }

  @Test
  void printsAddressesAndNewElementsAsLibvirtDoes() throws Exception {
    LibvirtDocument document = guest();

    String xml = write(document, addressAndController(document));

    assertTrue(xml.contains("""
              <future-option level='3'/>
              <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>
            </interface>
        """), xml);
    assertTrue(xml.contains("""
            <controller type='usb' index='0' model='qemu-xhci' ports='15'/>
            <controller type='pci' index='1' model='pcie-root-port'>
              <model name='pcie-root-port'/>
              <target chassis='1' port='0x10'/>
              <address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0' multifunction='on'/>
            </controller>
            <interface type='network' trustGuestRxFilters='yes'>
        """), xml);
    assertFalse(xml.startsWith("<?xml"), xml);
    assertTrue(xml.startsWith("<!-- managed by hand -->\n<domain type='kvm'"), xml);
  }

  @Test
  void writesControllersInPlanOrderWhereTheFirstControllerWas() throws Exception {
    LibvirtDocument document = guest();

    Document after = dom(write(document, addressAndController(document)));

    assertEquals("disk,controller,controller,controller,interface", text(after,
        "concat(name(/domain/devices/*[2]), ',', name(/domain/devices/*[3]), ',', name(/domain/devices/*[4]), ',',"
            + " name(/domain/devices/*[5]), ',', name(/domain/devices/*[6]))"));
    assertEquals("pcie-root", text(after, "/domain/devices/controller[1]/@model"));
    assertEquals("usb", text(after, "/domain/devices/controller[2]/@type"));
    assertEquals("pcie-root-port", text(after, "/domain/devices/controller[3]/@model"));
  }

  @Test
  void insertsAnAddedDeviceAtItsPlaceInLibvirtsKindOrder() throws Exception {
    LibvirtDocument document = guest();
    Plan plan = plan(document, devices -> {
      devices.add(Device.builder(DeviceKind.MEMBALLOON).model("virtio")
          .address(Address.Pci.of(5, 0, 0)).added(true).build());
      devices.add(Device.builder(DeviceKind.INPUT).type("mouse").bus("ps2").added(true).build());
      return devices;
    });

    String xml = write(document, plan);
    Document after = dom(xml);

    assertEquals("input", text(after, "name(/domain/devices/interface/following-sibling::*[1])"));
    assertEquals("memballoon", text(after, "name(/domain/devices/watchdog/following-sibling::*[1])"));
    assertTrue(xml.contains("""
            <watchdog model='i6300esb' action='reset'/>
            <memballoon model='virtio'>
              <address type='pci' domain='0x0000' bus='0x05' slot='0x00' function='0x0'/>
            </memballoon>
          </devices>
        """), xml);
  }

  @Test
  void writesBackFieldsThePlannerFilled() throws Exception {
    LibvirtDocument document = LibvirtXml.read("""
        <domain type='kvm'>
          <os>
            <type>hvm</type>
          </os>
          <devices>
            <controller type='pci' model='pcie-root-port'/>
            <interface type='network'/>
            <serial type='pty'/>
            <video/>
          </devices>
        </domain>
        """.getBytes(StandardCharsets.UTF_8), "filled.xml");
    Plan plan = plan(document, devices -> {
      replace(devices, "d1", d -> d.toBuilder().index(2).attribute(Device.MODEL_NAME, "pcie-root-port")
          .attribute(Device.CHASSIS, "2").attribute(Device.PORT, "0x11").build());
      replace(devices, "d2", d -> d.toBuilder().model("e1000e").build());
      replace(devices, "d3", d -> d.toBuilder().attribute(Device.TARGET_TYPE, "isa-serial")
          .attribute(Device.PORT, "0").attribute(Device.TARGET_MODEL, "isa-serial").build());
      replace(devices, "d4", d -> d.toBuilder().model("vga").attribute(Device.PRIMARY, "yes").build());
      return devices;
    });

    String xml = write(document, plan);

    assertTrue(xml.contains("""
            <controller type='pci' index='2' model='pcie-root-port'>
              <model name='pcie-root-port'/>
              <target chassis='2' port='0x11'/>
            </controller>
            <interface type='network'>
              <model type='e1000e'/>
            </interface>
            <serial type='pty'>
              <target type='isa-serial' port='0'>
                <model name='isa-serial'/>
              </target>
            </serial>
            <video>
              <model type='vga' primary='yes'/>
            </video>
        """), xml);
    assertTrue(xml.contains("<type arch='x86_64' machine='pc-q35-7.2'>hvm</type>"), xml);
  }

  @Test
  void replacesAnOldAddressInPlaceAndKeepsDevicesWithoutAPlannedAddressAsTheyAre() throws Exception {
    LibvirtDocument document = LibvirtXml.read(("<domain><os><type>hvm</type></os><devices><disk type='file'>"
        + "<address type='drive' controller='0' bus='0' target='0' unit='0'/><serial/></disk>"
        + "<hostdev mode='subsystem' type='pci'><source><address domain='0x0000' bus='0x06' slot='0x02' function='0x0'/></source></hostdev>"
        + "</devices></domain>").getBytes(StandardCharsets.UTF_8), "inline.xml");
    Plan plan = plan(document, devices -> replace(devices, "d1",
        d -> d.withAddress(new Address.Drive(0, 0, 0, 1))));

    String xml = write(document, plan);

    assertTrue(xml.contains("<disk type='file'><address type='drive' controller='0' bus='0' target='0' unit='1'/><serial/></disk>"), xml);
    assertTrue(xml.contains("<source><address domain='0x0000' bus='0x06' slot='0x02' function='0x0'/></source></hostdev>"), xml);
  }

  @Test
  void writesAnIsaAddressAsLibvirtDoes() throws Exception {
    // libvirt reads iobase and irq in hex, with or without 0x, and writes them with it
    LibvirtDocument document =
        devices("<serial type='pty'><address type='isa' iobase='2F8' irq='3'/></serial>", "isa.xml");

    String xml = write(document, plan(document, devices -> devices));

    assertTrue(xml.contains("<address type='isa' iobase='0x2f8' irq='0x3'/>"), xml);
  }

  @Test
  void writesNoBusForAnInputOnNoneAndDropsWhatThePlanDropped() throws Exception {
    // an evdev input is on bus none, which libvirt never writes; video none loses primary='yes'
    LibvirtDocument document = devices("<input type='evdev'><source dev='/dev/input/kbd'/></input>"
        + "<video><model type='none' primary='yes'/></video>", "inputs.xml");
    Plan plan = plan(document, devices -> {
      devices.replaceAll(d -> switch (d.kind()) {
        case INPUT -> d.toBuilder().bus("none").build();
        case VIDEO -> d.toBuilder().attribute(Device.PRIMARY, null).build();
        default -> d;
      });
      return devices;
    });

    String xml = write(document, plan);

    assertTrue(xml.contains("<input type='evdev'><source dev='/dev/input/kbd'/></input>"), xml);
    assertTrue(xml.contains("<video><model type='none'/></video>"), xml);
  }

  @Test
  void keepsNamespacedAttributesOfAnAddressItRewrites() throws Exception {
    // once a DOMException (exit 4): the address's attributes were set again without their namespace
    LibvirtDocument document = devices(
        "<interface type='network'><address type='pci' xmlns:q='urn:q' q:tag='v' slot='3'/></interface>"
        + "<serial type='pty'><address type='isa' iobase='0x3f8' xmlns:q='urn:q' q:tag='w'/></serial>",
        "ns.xml");
    Plan plan = plan(document, devices -> replace(devices, "d1", d -> d.withAddress(Address.Pci.of(0, 3, 0))));

    String xml = write(document, plan);

    assertTrue(xml.contains("<address type='pci' domain='0x0000' bus='0x00' slot='0x03' function='0x0'"
        + " xmlns:q='urn:q' q:tag='v'/>"), xml);
    assertTrue(xml.contains("<address type='isa' iobase='0x3f8' xmlns:q='urn:q' q:tag='w'/>"), xml);
    assertEquals("urn:q", dom(xml).getElementsByTagName("address").item(0).getAttributes()
        .getNamedItem("q:tag").getNamespaceURI());
  }

  @Test
  void writesAnXml11DocumentSoThatItCanBeReadAgain() throws Exception {
    // libvirt 9.0 accepts XML 1.1's &#x1;; a raw U+0001 under no declaration could not be read back
    LibvirtDocument document = LibvirtXml.read(("<?xml version='1.1'?><domain><name>&#x1;g&#x85;</name>"
        + "<os><type>hvm</type></os><devices><interface type='network'/></devices></domain>")
        .getBytes(StandardCharsets.UTF_8), "xml11.xml");
    Plan plan = plan(document, devices -> devices);

    String xml = write(document, plan);

    assertTrue(xml.startsWith("<?xml version='1.1'?>\n<domain><name>&#x1;g&#x85;</name>"), xml);
    assertEquals(document.domain().devices(),
        LibvirtXml.read(xml.getBytes(StandardCharsets.UTF_8), "again.xml").domain().devices());
  }

  @Test
  void writesTheSameOutputTwiceAndThroughTheSink() throws Exception {
    LibvirtDocument document = guest();
    Plan plan = addressAndController(document);
    ByteArrayOutputStream viaSink = new ByteArrayOutputStream();

    document.sink(viaSink).write(plan);

    assertEquals(write(document, plan), write(document, plan));
    assertEquals(write(document, plan), viaSink.toString(StandardCharsets.UTF_8));
  }

  @Test
  void readsItsOwnOutputBackToThePlannedDevices() throws Exception {
    LibvirtDocument document = guest();
    Plan plan = addressAndController(document);

    LibvirtDocument again = LibvirtXml.read(write(document, plan).getBytes(StandardCharsets.UTF_8), "again.xml");

    assertEquals(Address.Pci.of(1, 0, 0), again.domain().devices().get(4).address());
    assertEquals(rootPort().toBuilder().added(false).key("d5").attribute(Device.PORT, "0x10").build(),
        again.domain().devices().get(3));
  }

  @Test
  void refusesAPlanDeviceWhoseKeyIsNotInTheDocument() {
    LibvirtDocument document = guest();
    Plan plan = plan(document, devices -> {
      devices.add(Device.builder(DeviceKind.RNG).key("d99").model("virtio").build());
      return devices;
    });

    assertThrows(IllegalArgumentException.class, () -> write(document, plan));
  }

  @Test
  void createsDevicesAndFillsInOsTypeWhenTheDocumentHasNeither() throws Exception {
    LibvirtDocument document = LibvirtXml.read("""
        <domain type='kvm'>
          <name>bare</name>
          <os>
            <type>hvm</type>
          </os>
        </domain>
        """.getBytes(StandardCharsets.UTF_8), "bare.xml");
    Plan plan = new Plan("x86_64", Q35, List.of(Device.builder(DeviceKind.CONTROLLER).type("pci")
        .index(0).model("pcie-root").added(true).build()));

    String xml = write(document, plan);

    assertEquals("""
        <domain type='kvm'>
          <name>bare</name>
          <os>
            <type arch='x86_64' machine='pc-q35-7.2'>hvm</type>
          </os>
          <devices>
            <controller type='pci' index='0' model='pcie-root'/>
          </devices>
        </domain>
        """, xml);
  }

  @Test
  void addsNoLineBreaksToADocumentWrittenOnOneLine() throws Exception {
    LibvirtDocument document = LibvirtXml.read(("<domain><os><type>hvm</type></os><devices>"
        + "<interface type='network'/></devices></domain>").getBytes(StandardCharsets.UTF_8), "flat.xml");
    Plan plan = plan(document, devices -> {
      devices.add(Device.builder(DeviceKind.CONTROLLER).type("pci").index(0).model("pcie-root")
          .added(true).build());
      return devices;
    });

    assertEquals("<domain><os><type arch='x86_64' machine='pc-q35-7.2'>hvm</type></os><devices>"
        + "<controller type='pci' index='0' model='pcie-root'/><interface type='network'/></devices></domain>\n",
        write(document, plan));
  }
}
