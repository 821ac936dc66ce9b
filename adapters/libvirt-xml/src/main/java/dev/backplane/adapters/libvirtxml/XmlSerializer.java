package dev.backplane.adapters.libvirtxml;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.ProcessingInstruction;

/**
 * Prints a DOM the way libvirt prints domain XML: UTF-8, no XML declaration (but XML 1.1's),
 * single-quoted attributes in their recorded order, {@code <empty/>} elements, whitespace as parsed.
 */
final class XmlSerializer {
  private XmlSerializer() {}

  static void write(Document document, OutputStream out) throws IOException {
    Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    if ("1.1".equals(document.getXmlVersion())) {
      // the characters only XML 1.1 allows (&#x1;) stay readable only under its declaration
      writer.write("<?xml version='1.1'?>\n");
    }
    for (Node n = document.getFirstChild(); n != null; n = n.getNextSibling()) {
      node(n, writer);
      writer.write('\n');
    }
    writer.flush();
  }

  private static void node(Node node, Writer out) throws IOException {
    switch (node.getNodeType()) {
      case Node.ELEMENT_NODE -> element((Element) node, out);
      case Node.TEXT_NODE -> escape(node.getNodeValue(), false, out);
      case Node.CDATA_SECTION_NODE -> out.write("<![CDATA[" + node.getNodeValue() + "]]>");
      case Node.COMMENT_NODE -> out.write("<!--" + node.getNodeValue() + "-->");
      case Node.PROCESSING_INSTRUCTION_NODE -> {
        ProcessingInstruction pi = (ProcessingInstruction) node;
        out.write("<?" + pi.getTarget() + (pi.getData().isEmpty() ? "" : " " + pi.getData()) + "?>");
      }
      default -> children(node, out);
    }
  }

  private static void element(Element element, Writer out) throws IOException {
    out.write('<');
    out.write(element.getNodeName());
    Set<String> names = new LinkedHashSet<>(Dom.attributeOrder(element));
    NamedNodeMap attributes = element.getAttributes();
    for (int i = 0; i < attributes.getLength(); i++) {
      names.add(attributes.item(i).getNodeName());
    }
    for (String name : names) {
      Node attribute = attributes.getNamedItem(name);
      if (attribute != null) {
        out.write(' ');
        out.write(name);
        out.write("='");
        escape(attribute.getNodeValue(), true, out);
        out.write('\'');
      }
    }
    if (!element.hasChildNodes()) {
      out.write("/>");
      return;
    }
    out.write('>');
    children(element, out);
    out.write("</");
    out.write(element.getNodeName());
    out.write('>');
  }

  private static void children(Node parent, Writer out) throws IOException {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      node(n, out);
    }
  }

  private static void escape(String s, boolean attribute, Writer out) throws IOException {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.write("&amp;");
        case '<' -> out.write("&lt;");
        case '>' -> out.write("&gt;");
        case '\'' -> out.write(attribute ? "&apos;" : "'");
        case '"' -> out.write(attribute ? "&quot;" : "\"");
        case '\n' -> out.write(attribute ? "&#10;" : "\n");
        case '\r' -> out.write("&#13;");
        case '\t' -> out.write(attribute ? "&#9;" : "\t");
        default -> {
          if (c < 0x20 || c >= 0x7f && c <= 0x9f || c == '\u2028') {
            // XML 1.1's control characters and line ends, which it reads only as references
            out.write("&#x" + Integer.toHexString(c) + ";");
          } else {
            out.write(c);
          }
        }
      }
    }
  }
}
