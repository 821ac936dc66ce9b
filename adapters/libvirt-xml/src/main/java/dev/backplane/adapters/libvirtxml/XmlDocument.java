package dev.backplane.adapters.libvirtxml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A parsed document: its root element, the comments and processing instructions around it, and
 * its XML version (1.1 allows characters 1.0 has not, so it prints its declaration).
 */
final class XmlDocument {
  private final String version;
  private final List<XmlNode> nodes;
  private final XmlElement root;

  /** @param nodes the document's nodes in order, exactly one of them an element (the root) */
  XmlDocument(String version, List<XmlNode> nodes) {
    this.version = version;
    this.nodes = new ArrayList<>(nodes);
    XmlElement first = null;
    for (XmlNode n : this.nodes) {
      if (n instanceof XmlElement e && first == null) {
        first = e;
      }
    }
    if (first == null) {
      throw new IllegalArgumentException("a document needs a root element");
    }
    this.root = first;
  }

  /** "1.0" or "1.1". */
  String version() {
    return version;
  }

  XmlElement root() {
    return root;
  }

  /** The root element and the comments and processing instructions before and after it. */
  List<XmlNode> nodes() {
    return Collections.unmodifiableList(nodes);
  }

  /** A deep copy, for a writer to change while this document stays as read. */
  XmlDocument copy() {
    List<XmlNode> copies = new ArrayList<>(nodes.size());
    for (XmlNode n : nodes) {
      copies.add(n.copy());
    }
    return new XmlDocument(version, copies);
  }
}
