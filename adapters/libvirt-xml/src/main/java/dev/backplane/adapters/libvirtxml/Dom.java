package dev.backplane.adapters.libvirtxml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.Text;

/**
 * DOM helpers for libvirt's un-namespaced elements. Attribute writes keep the order recorded by
 * {@link XmlParser} and put new attributes where libvirt prints them; insertions copy the
 * indentation of sibling elements.
 */
final class Dom {
  /** libvirt's attribute order, by element name, for attributes Backplane may add. */
  private static final Map<String, List<String>> ATTRIBUTE_ORDER = Map.of(
      "controller", List.of("type", "index", "model", "ports", "vectors"),
      "disk", List.of("type", "device", "model"),
      "hostdev", List.of("mode", "type", "managed", "model"),
      "target", List.of("type", "dev", "bus", "chassisNr", "chassis", "port", "busNr", "index",
          "hotplug", "name"),
      "model", List.of("type", "name", "ram", "vram", "vram64", "vgamem", "heads", "primary"),
      "type", List.of("arch", "machine"));
  private static final List<String> DEFAULT_ORDER = List.of("type", "mode", "bus", "model");

  /** libvirt's child order: a new child goes before the first of these that exists. */
  private static final Map<String, List<String>> CHILD_BEFORE = Map.of(
      "model", List.of("driver", "target", "alias", "address"),
      "driver", List.of("source", "target", "alias", "address"),
      "target", List.of("alias", "address"),
      "type", List.of("loader", "nvram", "boot", "bootmenu", "smbios"));
  private static final List<String> DEFAULT_BEFORE = List.of("alias", "address");

  private Dom() {}

  static boolean is(Node node, String name) {
    return node instanceof Element e && e.getNamespaceURI() == null && name.equals(e.getNodeName());
  }

  static List<Element> children(Element parent) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        out.add(e);
      }
    }
    return out;
  }

  static List<Element> children(Element parent, String name) {
    return children(parent).stream().filter(e -> is(e, name)).toList();
  }

  static Element child(Element parent, String name) {
    if (parent == null) {
      return null;
    }
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (is(n, name)) {
        return (Element) n;
      }
    }
    return null;
  }

  /** The element at a slash-separated path of first children ({@code target/model}), or null. */
  static Element path(Element from, String path) {
    Element at = from;
    for (String step : path.split("/")) {
      at = child(at, step);
    }
    return at;
  }

  /** The attribute's value, or null when absent. */
  static String attribute(Element element, String name) {
    return element != null && element.hasAttribute(name) ? element.getAttribute(name) : null;
  }

  static Integer line(Element element) {
    return (Integer) element.getUserData(XmlParser.LINE);
  }

  static Element create(Element context, String name) {
    Element element = context.getOwnerDocument().createElementNS(null, name);
    element.setUserData(XmlParser.ATTRIBUTE_ORDER, new ArrayList<String>(), null);
    return element;
  }

  /** A deep copy of {@code from} for {@code into}, each element keeping its attribute order. */
  static Element importTree(Document into, Element from) {
    Element copy = (Element) into.importNode(from, true);
    copyAttributeOrder(from, copy);
    return copy;
  }

  private static void copyAttributeOrder(Element from, Element to) {
    to.setUserData(XmlParser.ATTRIBUTE_ORDER, new ArrayList<>(attributeOrder(from)), null);
    List<Element> fromChildren = children(from);
    List<Element> toChildren = children(to);
    for (int i = 0; i < fromChildren.size(); i++) {
      copyAttributeOrder(fromChildren.get(i), toChildren.get(i));
    }
  }

  /** The attribute names in the order the serializer prints them. */
  @SuppressWarnings("unchecked")
  static List<String> attributeOrder(Element element) {
    Object order = element.getUserData(XmlParser.ATTRIBUTE_ORDER);
    if (order == null) {
      order = new ArrayList<String>();
      element.setUserData(XmlParser.ATTRIBUTE_ORDER, order, null);
    }
    return (List<String>) order;
  }

  /** Sets an attribute; a new one goes where libvirt would print it. */
  static void set(Element element, String name, String value) {
    element.setAttributeNS(null, name, value);
    place(element, name);
  }

  /** Sets an attribute node taken from another element, namespace and all. */
  static void set(Element element, Attr attribute) {
    element.setAttributeNodeNS(attribute);
    place(element, attribute.getName());
  }

  /** Records a new attribute's name where libvirt would print it. */
  private static void place(Element element, String name) {
    List<String> order = attributeOrder(element);
    if (order.contains(name)) {
      return;
    }
    List<String> canonical = ATTRIBUTE_ORDER.getOrDefault(element.getNodeName(), DEFAULT_ORDER);
    int rank = canonical.indexOf(name);
    int at = order.size();
    if (rank >= 0) {
      for (int i = 0; i < order.size(); i++) {
        if (canonical.indexOf(order.get(i)) > rank) {
          at = i;
          break;
        }
      }
    }
    order.add(at, name);
  }

  static void removeAttributes(Element element) {
    while (element.getAttributes().getLength() > 0) {
      element.removeAttributeNode((Attr) element.getAttributes().item(0));
    }
    attributeOrder(element).clear();
  }

  /** The first child element with this name, created in libvirt's child order if missing. */
  static Element ensureChild(Element parent, String name) {
    Element existing = child(parent, name);
    if (existing != null) {
      return existing;
    }
    Element created = create(parent, name);
    for (String later : CHILD_BEFORE.getOrDefault(name, DEFAULT_BEFORE)) {
      Element before = child(parent, later);
      if (before != null) {
        insert(parent, created, pointBefore(before), childIndent(parent));
        return created;
      }
    }
    append(parent, created);
    return created;
  }

  static Element ensurePath(Element from, String path) {
    Element at = from;
    for (String step : path.split("/")) {
      at = ensureChild(at, step);
    }
    return at;
  }

  /** Appends {@code child} as the last element child, indented like its siblings. */
  static void append(Element parent, Element child) {
    insert(parent, child, endPoint(parent), childIndent(parent));
  }

  /** Where an appended child goes; makes a childless parent ready to hold indented children. */
  static Node endPoint(Element parent) {
    List<Element> elements = children(parent);
    if (!elements.isEmpty()) {
      return elements.get(elements.size() - 1).getNextSibling();
    }
    String own = indentOf(parent);
    if (own == null || !whitespaceOnly(parent)) {
      return null;
    }
    while (parent.getFirstChild() != null) {
      parent.removeChild(parent.getFirstChild());
    }
    return parent.appendChild(parent.getOwnerDocument().createTextNode("\n" + own));
  }

  /** The node to insert before so as to land just ahead of {@code element} and its indentation. */
  static Node pointBefore(Element element) {
    Node previous = element.getPreviousSibling();
    return isIndentation(previous) ? previous : element;
  }

  /** Inserts the indentation and then {@code child} before {@code ref} (null: at the end). */
  static void insert(Element parent, Element child, Node ref, String indent) {
    if (indent != null) {
      parent.insertBefore(parent.getOwnerDocument().createTextNode("\n" + indent), ref);
    }
    parent.insertBefore(child, ref);
  }

  /** Removes {@code element} and the indentation in front of it. */
  static void detach(Element element) {
    Node previous = element.getPreviousSibling();
    if (isIndentation(previous)) {
      previous.getParentNode().removeChild(previous);
    }
    element.getParentNode().removeChild(element);
  }

  /** The indentation children of {@code parent} have, or null for a document without line breaks. */
  static String childIndent(Element parent) {
    for (Element child : children(parent)) {
      String indent = indentOf(child);
      if (indent != null) {
        return indent;
      }
    }
    String own = indentOf(parent);
    return own == null ? null : own + "  ";
  }

  /** The whitespace after the last line break before {@code element}; "" for the root. */
  static String indentOf(Element element) {
    if (element.getParentNode() == element.getOwnerDocument()) {
      return "";
    }
    Node previous = element.getPreviousSibling();
    if (!isIndentation(previous)) {
      return null;
    }
    String ws = ((Text) previous).getData();
    return ws.substring(ws.lastIndexOf('\n') + 1);
  }

  private static boolean isIndentation(Node node) {
    return node != null && node.getNodeType() == Node.TEXT_NODE
        && ((Text) node).getData().isBlank() && ((Text) node).getData().indexOf('\n') >= 0;
  }

  private static boolean whitespaceOnly(Element element) {
    for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n.getNodeType() != Node.TEXT_NODE || !((Text) n).getData().isBlank()) {
        return false;
      }
    }
    return true;
  }
}
