package dev.backplane.adapters.libvirtxml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.backplane.core.model.InvalidDomainException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * {@link XmlParser} against the JDK's XML parser (Xerces, namespace-aware, DTDs refused): on
 * every recorded domain of the conformance corpora and on hand-made documents that use each part
 * of XML, both read the same tree; on malformed documents, both refuse. And what it reads prints
 * back as written.
 */
class XmlParserTest {

  /** Well-formed documents that exercise each part of the grammar a domain may use. */
  static Stream<String> wellFormed() {
    return Stream.of(
        "<domain/>",
        "<?xml version='1.0'?><domain type='kvm'/>",
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<domain/>",
        "<?xml version='1.1'?><domain><name>&#x1;&#x7f;a</name></domain>",
        "\uFEFF<domain/>",
        "<!-- before --><?pi data here?><domain/><!-- after -->\n<?end?>",
        "<domain>\r\n  <name>a\rb</name>\r\n</domain>",
        "<domain a='x&#10;y&#13;z&#9;' b=\"tab\tand\nnewline\" c='&lt;&gt;&amp;&apos;&quot;'/>",
        "<domain><name>a &amp; b &lt;c&gt; &#65;&#x42; &#x1F600; \uD83D\uDE00</name></domain>",
        "<domain><![CDATA[<not> &markup;]]>text<![CDATA[]]></domain>",
        "<domain><metadata><app:x xmlns:app='urn:a' app:y='1' z='2'><app:w/></app:x></metadata></domain>",
        "<domain xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'><qemu:commandline>"
            + "<qemu:arg value='-S'/></qemu:commandline></domain>",
        "<domain xmlns='urn:default'><inner xmlns=''><deep/></inner><other/></domain>",
        "<domain xml:lang='en' xmlns:p='urn:p'><p:a p:b='1' xmlns:p='urn:q'/><p:c/></domain>",
        "<d\u00e9maine \u00e0='\u00e9t\u00e9'>\u65e5\u672c</d\u00e9maine>",
        "<domain  type = 'kvm'  ><name\n>x</name  ></domain\n>",
        "<domain><!----><!-- - --><?target?></domain>",
        "<domain>]] ></domain>",
        "<domain>a>b</domain>");
  }

  /** Documents XML does not allow; each one's reason in its name. */
  static Stream<String> malformed() {
    return Stream.of(
        "",
        "   ",
        "text",
        "<domain>",
        "<domain></other>",
        "<domain><a></domain></a>",
        "<domain/><second/>",
        "<domain/>trailing",
        "leading<domain/>",
        "<domain a='1' a='2'/>",
        "<domain a=1/>",
        "<domain a='1'b='2'/>",
        "<domain a='<'/>",
        "<domain a='x/>",
        "<domain>&unknown;</domain>",
        "<domain>&amp</domain>",
        "<domain>& </domain>",
        "<domain>&#0;</domain>",
        "<domain>&#x1;</domain>",
        "<domain>&#xD800;</domain>",
        "<domain>&#xFFFE;</domain>",
        "<domain>&#x110000;</domain>",
        "<domain>&#-1;</domain>",
        "<domain>&#X41;</domain>",
        "<domain>\u0001</domain>",
        "<?xml version='1.1'?><domain>\u0001</domain>",
        "<?xml version='1.1'?><domain>\u0080</domain>",
        "<domain>\uFFFF</domain>",
        "<domain>]]></domain>",
        "<domain><!-- a -- b --></domain>",
        "<domain><!-- a ---></domain>",
        "<domain><!-- open</domain>",
        "<domain><![CDATA[ open</domain>",
        "<domain><?xml version='1.0'?></domain>",
        " <?xml version='1.0'?><domain/>",
        "<?xml version='2.0'?><domain/>",
        "<?xml encoding='UTF-8'?><domain/>",
        "<?xml version='1.0' standalone='maybe'?><domain/>",
        "<?xml version='1.0'><domain/>",
        "<1domain/>",
        "<domain><!DOCTYPE x></domain>",
        "<domain><!ELEMENT x></domain>",
        "<domain></ domain>",
        "<domain/ >",
        "< domain/>",
        "<domain><a></a ></domain>x");
  }

  @ParameterizedTest
  @MethodSource("wellFormed")
  void readsWhatTheJdkReads(String xml) throws Exception {
    byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
    assertEquals(jdk(bytes), ours(bytes), xml);
  }

  @Test
  void readsTheEncodingADocumentIsWrittenIn() throws Exception {
    String xml = "<domain><name>caf\u00e9 \u65e5\u672c</name></domain>";
    for (Charset charset : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
      byte[] bom = charset == StandardCharsets.UTF_16LE ? new byte[] {(byte) 0xff, (byte) 0xfe}
          : new byte[] {(byte) 0xfe, (byte) 0xff};
      byte[] body = xml.getBytes(charset);
      byte[] bytes = new byte[bom.length + body.length];
      System.arraycopy(bom, 0, bytes, 0, bom.length);
      System.arraycopy(body, 0, bytes, bom.length, body.length);
      assertEquals(jdk(bytes), ours(bytes), charset.name());
    }
    byte[] latin1 = "<?xml version='1.0' encoding='ISO-8859-1'?><domain><name>caf\u00e9</name></domain>"
        .getBytes(StandardCharsets.ISO_8859_1);
    assertEquals(jdk(latin1), ours(latin1));
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void refusesWhatTheJdkRefuses(String xml) {
    byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
    assertThrows(SAXException.class, () -> jdk(bytes), "the JDK reads " + xml);
    InvalidDomainException e = assertThrows(InvalidDomainException.class,
        () -> XmlParser.parse(bytes, "bad.xml"), xml);
    assertTrue(e.element().startsWith("bad.xml line "), e.element());
    assertTrue(e.fix() != null && !e.fix().isBlank(), xml);
  }

  /**
   * Documents that break only the namespaces recommendation: the JDK's namespace-aware parser
   * refuses them, libxml2 reports a namespace error and reads on, and so libvirt 9.0 takes them
   * (each checked with the libvirt oracle inside a domain's {@code <interface>}). Read as the
   * JDK reads them without namespaces; the broken names are in no namespace.
   */
  static Stream<String> namespaceErrors() {
    return Stream.of(
        "<domain><p:a/></domain>",
        "<domain><a p:b='1'/></domain>",
        "<domain xmlns:p=''><p:a/></domain>",
        "<domain xmlns:xmlns='urn:x'/>",
        "<domain xmlns:xml='urn:x'/>",
        "<domain><xmlns:a/></domain>",
        "<domain xmlns:a='urn:x' xmlns:b='urn:x' a:c='1' b:c='2'/>",
        "<domain><a:b:c xmlns:a='urn:a'/></domain>",
        "<domain><x:/><:x/></domain>");
  }

  @ParameterizedTest
  @MethodSource("namespaceErrors")
  void readsNamespaceErrorsAsLibxml2Does(String xml) throws Exception {
    byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
    assertThrows(SAXException.class, () -> jdk(bytes), "the namespace-aware JDK reads " + xml);
    assertEquals(withoutNamespaces(jdkWithoutNamespaces(bytes)), withoutNamespaces(ours(bytes)), xml);
    XmlDocument d = XmlParser.parse(bytes, "x.xml");
    for (XmlElement e : d.root().elements()) {
      assertEquals(null, e.namespace(), e.name());
    }
  }

  /**
   * Declarations libxml2 reads on after a warning, and libvirt 9.0 takes (checked with the
   * oracle), where the JDK's parser refuses: another 1.x version (read as 1.0), and UTF-16
   * declared on a document whose first bytes are ASCII's (read as UTF-8).
   */
  @Test
  void readsDeclarationsAsLibxml2Does() {
    XmlDocument v15 = XmlParser.parse("<?xml version='1.5'?><domain/>".getBytes(StandardCharsets.UTF_8), "x");
    assertEquals("1.0", v15.version());
    XmlDocument utf16 = XmlParser.parse("<?xml version='1.0' encoding='UTF-16'?><domain>caf\u00e9</domain>"
        .getBytes(StandardCharsets.UTF_8), "x");
    assertEquals("caf\u00e9", utf16.root().text());
    assertThrows(InvalidDomainException.class,
        () -> XmlParser.parse("<?xml version='1.x'?><domain/>".getBytes(StandardCharsets.UTF_8), "x"));
  }

  /** Names with characters XML 1.0's fifth edition allows, as libxml2 (and libvirt) reads them. */
  @Test
  void readsNamesByTheFifthEdition() {
    XmlDocument d = XmlParser.parse("<domain><model \uD83D\uDE00x='1' \uFEFFy='2'/><\u0e01/></domain>"
        .getBytes(StandardCharsets.UTF_8), "x.xml");
    XmlElement model = d.root().elements().get(0);
    assertEquals("1", model.get("\uD83D\uDE00x"));
    assertEquals("2", model.get("\uFEFFy"));
    assertEquals("\u0e01", d.root().elements().get(1).name());
  }

  @Test
  void refusesBytesThatAreNotUtf8AndSaysWhere() {
    byte[] bytes = "<domain>\n<name>x\u00e9</name></domain>".getBytes(StandardCharsets.ISO_8859_1);
    InvalidDomainException e = assertThrows(InvalidDomainException.class,
        () -> XmlParser.parse(bytes, "bad.xml"));
    assertEquals("bad.xml line 2", e.element());
    assertTrue(e.rule().contains("not UTF-8"), e.rule());
  }

  @Test
  void recordsTheLineEachStartTagEndsOn() {
    XmlDocument d = XmlParser.parse("<!-- one -->\n<domain\n  type='kvm'>\n  <name>x</name>\n</domain>"
        .getBytes(StandardCharsets.UTF_8), "x.xml");
    assertEquals(3, d.root().line());
    assertEquals(4, d.root().elements().get(0).line());
  }

  @Test
  void printsBackWhatItRead() throws IOException {
    String xml = "<!-- c -->\n<domain type='kvm' id=\"1\">\n  <name>a &amp; b</name>\n"
        + "  <![CDATA[x<y]]>\n  <?pi d?>\n  <empty></empty>\n</domain>\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    XmlSerializer.write(XmlParser.parse(xml.getBytes(StandardCharsets.UTF_8), "x.xml"), out);
    assertEquals("<!-- c -->\n<domain type='kvm' id='1'>\n  <name>a &amp; b</name>\n"
        + "  <![CDATA[x<y]]>\n  <?pi d?>\n  <empty/>\n</domain>\n", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void readsEveryRecordedDomainAsTheJdkDoes() throws Exception {
    Path conformance = Path.of("../../conformance");
    List<Path> files;
    try (Stream<Path> walk = Files.walk(conformance)) {
      files = walk.filter(p -> p.toString().endsWith(".xml") && !p.toString().contains("/target/"))
          .sorted().toList();
    }
    assertTrue(files.size() > 1000, "the corpora at " + conformance.toAbsolutePath());
    List<String> differ = new ArrayList<>();
    for (Path file : files) {
      byte[] bytes = Files.readAllBytes(file);
      String expected;
      try {
        expected = jdk(bytes);
      } catch (SAXException e) {
        assertThrows(InvalidDomainException.class, () -> XmlParser.parse(bytes, "x"), file.toString());
        continue;
      }
      if (!expected.equals(ours(bytes))) {
        differ.add(file.toString());
      }
    }
    if (!differ.isEmpty()) {
      fail(differ.size() + " of " + files.size() + " documents read differently, first " + differ.get(0));
    }
  }

  /** Pieces of XML syntax that mutations insert: each grammar rule's delimiters and its traps. */
  private static final List<String> TOKENS = List.of("<", ">", "&", "&amp;", "&#x41;", "&#0;", "&#xD800;",
      "&lt", "]]>", "<!--", "-->", "--", "<![CDATA[", "?>", "<?pi x?>", "<?xml version='1.0'?>", "'", "\"",
      ":", " xmlns:a='urn:a'", " a:b='1'", " xmlns=''", " xmlns:a=''", "\u00e9", "\uD83D",
      "\t", "\r\n", "\r", "\u0001", "\u0085", "\u2028", "\uFFFE", "<!DOCTYPE d>", "=", "/", "</x>",
      "<x>", "<a:b/>", " x='1'", " x='2'", "<:x/>", "<x:/>", "<1/>", "<-/>", "<x.y-z/>");

  /**
   * Documents of the corpora mutated at random (a syntax piece inserted, a range deleted or
   * repeated; fixed seed): each one the JDK refuses is refused, each one it reads is read to the
   * same tree, and nothing but InvalidDomainException ever comes out. (The JDK reads names by XML
   * 1.0's fourth edition and libxml2 by its fifth, so no piece adds a character only the fifth
   * allows in a name; readsNamesByTheFifthEdition has those.)
   */
  @Test
  void readsOrRefusesMutatedDocumentsAsTheJdkDoes() throws Exception {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(Path.of("../../conformance"))) {
      files = walk.filter(p -> p.toString().endsWith(".xml") && !p.toString().contains("/target/"))
          .sorted().toList();
    }
    java.util.Random random = new java.util.Random(Long.getLong("backplane.xmlFuzzSeed", 20261201));
    List<String> differ = new ArrayList<>();
    int read = 0;
    int refused = 0;
    for (int n = 0; n < Integer.getInteger("backplane.xmlFuzz", 4000); n++) {
      StringBuilder doc = new StringBuilder(Files.readString(files.get(random.nextInt(files.size()))));
      List<String> mutations = new ArrayList<>();
      for (int m = 1 + random.nextInt(2); m > 0; m--) {
        int at = random.nextInt(doc.length() + 1);
        switch (random.nextInt(4)) {
          case 0, 1 -> doc.insert(at, TOKENS.get(random.nextInt(TOKENS.size())));
          case 2 -> doc.delete(at, Math.min(doc.length(), at + 1 + random.nextInt(20)));
          default -> doc.insert(at, doc.substring(at, Math.min(doc.length(), at + 1 + random.nextInt(40))));
        }
        mutations.add(doc.substring(Math.max(0, at - 30), Math.min(doc.length(), at + 50)));
      }
      byte[] bytes = doc.toString().getBytes(StandardCharsets.UTF_8);
      // libxml2 reads on after a namespace error: the JDK without namespaces says read or refuse,
      // and where the namespace-aware JDK reads the document too, its tree is compared in full
      String expected;
      boolean namespaces = true;
      try {
        expected = jdk(bytes);
      } catch (SAXException e) {
        namespaces = false;
        try {
          expected = withoutNamespaces(jdkWithoutNamespaces(bytes));
        } catch (SAXException e2) {
          expected = null;
        }
      }
      String ours;
      try {
        ours = namespaces ? ours(bytes) : withoutNamespaces(ours(bytes));
      } catch (InvalidDomainException e) {
        ours = null;
      }
      if (expected == null) {
        refused++;
      } else {
        read++;
      }
      if (!java.util.Objects.equals(expected, ours) && differ.size() < 5) {
        differ.add((expected == null ? "the JDK refuses, ours reads: " : ours == null
            ? "the JDK reads, ours refuses: " : "read differently: ") + mutations);
      }
    }
    assertTrue(read > 500 && refused > 500, read + " read, " + refused + " refused");
    assertTrue(differ.isEmpty(), String.join("\n---\n", differ));
  }

  // ---- one canonical text for both trees: names, namespaces, attributes by name, and content ----

  private static String ours(byte[] bytes) {
    XmlDocument document = XmlParser.parse(bytes, "x.xml");
    StringBuilder out = new StringBuilder("version " + document.version() + "\n");
    for (XmlNode n : document.nodes()) {
      ours(n, out);
    }
    return out.toString();
  }

  private static void ours(XmlNode node, StringBuilder out) {
    if (node instanceof XmlElement e) {
      TreeMap<String, String> attributes = new TreeMap<>();
      e.attributes().forEach(a -> attributes.put(a.name(), a.namespace() + "=" + a.value()));
      out.append("<").append(e.name()).append(" ns=").append(e.namespace()).append(" ")
          .append(attributes).append(">");
      StringBuilder text = new StringBuilder();
      for (XmlNode child : e.children()) {
        if (child instanceof XmlNode.Text t) {
          text.append(t.data);
          continue;
        }
        flush(text, out);
        ours(child, out);
      }
      flush(text, out);
      out.append("</>");
    } else if (node instanceof XmlNode.CData c) {
      out.append("[cdata ").append(c.data).append("]");
    } else if (node instanceof XmlNode.Comment c) {
      out.append("[comment ").append(c.data).append("]");
    } else if (node instanceof XmlNode.Instruction pi) {
      out.append("[pi ").append(pi.target).append(" ").append(pi.data).append("]");
    }
  }

  /** The JDK's parser (Xerces, DTDs refused), namespace-aware or not, one of each per thread. */
  private static final ThreadLocal<DocumentBuilder> JDK = ThreadLocal.withInitial(() -> builder(true));
  private static final ThreadLocal<DocumentBuilder> JDK_WITHOUT_NAMESPACES =
      ThreadLocal.withInitial(() -> builder(false));

  private static DocumentBuilder builder(boolean namespaceAware) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
      factory.setNamespaceAware(namespaceAware);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return factory.newDocumentBuilder();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String jdk(byte[] bytes) throws Exception {
    return jdk(JDK.get(), bytes);
  }

  private static String jdkWithoutNamespaces(byte[] bytes) throws Exception {
    return jdk(JDK_WITHOUT_NAMESPACES.get(), bytes);
  }

  private static String jdk(DocumentBuilder builder, byte[] bytes) throws Exception {
    builder.reset();
    builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler()); // throws on fatal errors, prints nothing
    Document document = builder.parse(new ByteArrayInputStream(bytes));
    StringBuilder out = new StringBuilder("version " + document.getXmlVersion() + "\n");
    for (Node n = document.getFirstChild(); n != null; n = n.getNextSibling()) {
      jdk(n, out);
    }
    return out.toString();
  }

  private static void jdk(Node node, StringBuilder out) {
    switch (node.getNodeType()) {
      case Node.ELEMENT_NODE -> {
        Element e = (Element) node;
        TreeMap<String, String> attributes = new TreeMap<>();
        NamedNodeMap map = e.getAttributes();
        for (int i = 0; i < map.getLength(); i++) {
          Attr a = (Attr) map.item(i);
          attributes.put(a.getName(), a.getNamespaceURI() + "=" + a.getValue());
        }
        out.append("<").append(e.getTagName()).append(" ns=").append(e.getNamespaceURI()).append(" ")
            .append(attributes).append(">");
        StringBuilder text = new StringBuilder();
        for (Node child = e.getFirstChild(); child != null; child = child.getNextSibling()) {
          if (child.getNodeType() == Node.TEXT_NODE) {
            text.append(child.getNodeValue());
            continue;
          }
          flush(text, out);
          jdk(child, out);
        }
        flush(text, out);
        out.append("</>");
      }
      case Node.CDATA_SECTION_NODE -> out.append("[cdata ").append(node.getNodeValue()).append("]");
      case Node.COMMENT_NODE -> out.append("[comment ").append(node.getNodeValue()).append("]");
      case Node.PROCESSING_INSTRUCTION_NODE -> out.append("[pi ").append(node.getNodeName()).append(" ")
          .append(node.getNodeValue()).append("]");
      default -> { }
    }
  }

  /** The canonical text with every namespace left out (" ns=..." and attributes' "URI="). */
  private static String withoutNamespaces(String canonical) {
    return canonical.replaceAll(" ns=[^ >]*", "").replaceAll("=[^=,}]*?=", "=");
  }

  private static void flush(StringBuilder text, StringBuilder out) {
    if (text.length() > 0) {
      out.append("[text ").append(text).append("]");
      text.setLength(0);
    }
  }
}
