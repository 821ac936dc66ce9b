package dev.backplane.adapters.libvirtxml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An element: its name as written, its namespace, its attributes in the order they print and its
 * child nodes. Attribute lookups are by the name as written ({@code type}, {@code xmlns:qemu}).
 */
final class XmlElement extends XmlNode {
  /** An attribute: its name as written, its namespace (null: none) and its value. */
  record Attribute(String name, String namespace, String value) {}

  private final String name;
  private final String namespace;
  private final Integer line;
  private final List<Attribute> attributes = new ArrayList<>();
  private final List<XmlNode> children = new ArrayList<>();

  /**
   * @param name the name as written, with its prefix if any
   * @param namespace the namespace the name is in, or null
   * @param line the line its start tag ends on, or null for an element Backplane adds
   */
  XmlElement(String name, String namespace, Integer line) {
    this.name = name;
    this.namespace = namespace;
    this.line = line;
  }

  /** An element Backplane adds: no namespace, no line. */
  XmlElement(String name) {
    this(name, null, null);
  }

  String name() {
    return name;
  }

  /** The namespace, or null when the element is in none. */
  String namespace() {
    return namespace;
  }

  /** The prefix of the name, or null. */
  String prefix() {
    int colon = name.indexOf(':');
    return colon < 0 ? null : name.substring(0, colon);
  }

  /** The name without its prefix. */
  String localName() {
    return name.substring(name.indexOf(':') + 1);
  }

  /** The line its start tag ends on in the document read, or null for an added element. */
  Integer line() {
    return line;
  }

  /** Whether this element has no namespace and the given name. */
  boolean is(String elementName) {
    return namespace == null && name.equals(elementName);
  }

  /** The attribute's value, or "" when absent (as DOM's {@code getAttribute}). */
  String get(String attributeName) {
    Attribute a = attributeNamed(attributeName);
    return a == null ? "" : a.value();
  }

  /** The attribute's value, or null when absent. */
  String attribute(String attributeName) {
    Attribute a = attributeNamed(attributeName);
    return a == null ? null : a.value();
  }

  boolean has(String attributeName) {
    return attributeNamed(attributeName) != null;
  }

  Attribute attributeNamed(String attributeName) {
    for (Attribute a : attributes) {
      if (a.name().equals(attributeName)) {
        return a;
      }
    }
    return null;
  }

  /** The attributes, in the order they print. */
  List<Attribute> attributes() {
    return Collections.unmodifiableList(attributes);
  }

  /** Replaces the attribute of the same name where it is, or adds it at {@code index}. */
  void set(Attribute attribute, int index) {
    for (int i = 0; i < attributes.size(); i++) {
      if (attributes.get(i).name().equals(attribute.name())) {
        attributes.set(i, attribute);
        return;
      }
    }
    attributes.add(index, attribute);
  }

  /** Adds an attribute after the others (the parser's; it checks for duplicates). */
  void add(Attribute attribute) {
    attributes.add(attribute);
  }

  void removeAttributes() {
    attributes.clear();
  }

  void removeAttribute(String attributeName) {
    attributes.removeIf(a -> a.name().equals(attributeName));
  }

  /** All child nodes, in document order. */
  List<XmlNode> children() {
    return Collections.unmodifiableList(children);
  }

  /** The child elements, in document order. */
  List<XmlElement> elements() {
    List<XmlElement> out = new ArrayList<>();
    for (XmlNode n : children) {
      if (n instanceof XmlElement e) {
        out.add(e);
      }
    }
    return out;
  }

  /** The text of this element and its descendants, CDATA sections included (DOM's textContent). */
  String text() {
    if (children.size() == 1 && children.get(0) instanceof Text t) {
      return t.data;
    }
    StringBuilder out = new StringBuilder();
    appendText(out);
    return out.toString();
  }

  private void appendText(StringBuilder out) {
    for (XmlNode n : children) {
      if (n instanceof Text t) {
        out.append(t.data);
      } else if (n instanceof CData c) {
        out.append(c.data);
      } else if (n instanceof XmlElement e) {
        e.appendText(out);
      }
    }
  }

  void append(XmlNode child) {
    insertBefore(child, null);
  }

  /** Inserts {@code child} before {@code ref} (null: at the end), taking it from its old parent. */
  void insertBefore(XmlNode child, XmlNode ref) {
    if (child.parent != null) {
      child.parent.remove(child);
    }
    int at = ref == null ? children.size() : indexOf(ref);
    if (at < 0) {
      throw new IllegalArgumentException("the reference node is not a child of <" + name + ">");
    }
    children.add(at, child);
    child.parent = this;
    child.slot = at;
  }

  void remove(XmlNode child) {
    int at = indexOf(child);
    if (at >= 0) {
      children.remove(at);
      child.parent = null;
    }
  }

  XmlNode after(XmlNode child) {
    int at = indexOf(child);
    return at < 0 || at + 1 >= children.size() ? null : children.get(at + 1);
  }

  XmlNode before(XmlNode child) {
    int at = indexOf(child);
    return at <= 0 ? null : children.get(at - 1);
  }

  /** The child's index: its slot when still right (siblings in O(1) while nothing moves), else found. */
  private int indexOf(XmlNode child) {
    if (child.slot < children.size() && children.get(child.slot) == child) {
      return child.slot;
    }
    for (int i = 0; i < children.size(); i++) {
      if (children.get(i) == child) {
        child.slot = i;
        return i;
      }
    }
    return -1;
  }

  @Override
  XmlElement copy() {
    XmlElement copy = new XmlElement(name, namespace, line);
    copy.attributes.addAll(attributes);
    for (XmlNode child : children) {
      XmlNode c = child.copy();
      c.parent = copy;
      c.slot = copy.children.size();
      copy.children.add(c);
    }
    return copy;
  }
}
