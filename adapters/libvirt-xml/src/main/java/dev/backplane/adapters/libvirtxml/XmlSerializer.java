package dev.backplane.adapters.libvirtxml;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Prints a document the way libvirt prints domain XML: UTF-8, no XML declaration (but XML 1.1's),
 * single-quoted attributes in their recorded order, {@code <empty/>} elements, whitespace as parsed.
 */
final class XmlSerializer {
  private XmlSerializer() {}

  static void write(XmlDocument document, OutputStream out) throws IOException {
    Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    if ("1.1".equals(document.version())) {
      // the characters only XML 1.1 allows (&#x1;) stay readable only under its declaration
      writer.write("<?xml version='1.1'?>\n");
    }
    for (XmlNode n : document.nodes()) {
      node(n, writer);
      writer.write('\n');
    }
    writer.flush();
  }

  private static void node(XmlNode node, Writer out) throws IOException {
    if (node instanceof XmlElement element) {
      element(element, out);
    } else if (node instanceof XmlNode.Text text) {
      escape(text.data, false, out);
    } else if (node instanceof XmlNode.CData cdata) {
      out.write("<![CDATA[");
      out.write(cdata.data);
      out.write("]]>");
    } else if (node instanceof XmlNode.Comment comment) {
      out.write("<!--");
      out.write(comment.data);
      out.write("-->");
    } else if (node instanceof XmlNode.Instruction pi) {
      out.write("<?");
      out.write(pi.target);
      if (!pi.data.isEmpty()) {
        out.write(' ');
        out.write(pi.data);
      }
      out.write("?>");
    }
  }

  private static void element(XmlElement element, Writer out) throws IOException {
    out.write('<');
    out.write(element.name());
    for (XmlElement.Attribute attribute : element.attributes()) {
      out.write(' ');
      out.write(attribute.name());
      out.write("='");
      escape(attribute.value(), true, out);
      out.write('\'');
    }
    if (element.children().isEmpty()) {
      out.write("/>");
      return;
    }
    out.write('>');
    for (XmlNode child : element.children()) {
      node(child, out);
    }
    out.write("</");
    out.write(element.name());
    out.write('>');
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
