package dev.backplane.adapters.libvirtxml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Tree helpers for libvirt's un-namespaced elements. New attributes go where libvirt prints them;
 * insertions copy the indentation of sibling elements.
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

  static boolean is(XmlNode node, String name) {
    return node instanceof XmlElement e && e.is(name);
  }

  static List<XmlElement> children(XmlElement parent) {
    return parent.elements();
  }

  static List<XmlElement> children(XmlElement parent, String name) {
    List<XmlElement> out = new ArrayList<>();
    for (XmlNode n : parent.children()) {
      if (is(n, name)) {
        out.add((XmlElement) n);
      }
    }
    return out;
  }

  static XmlElement child(XmlElement parent, String name) {
    if (parent == null) {
      return null;
    }
    for (XmlNode n : parent.children()) {
      if (is(n, name)) {
        return (XmlElement) n;
      }
    }
    return null;
  }

  /** The element at a slash-separated path of first children ({@code target/model}), or null. */
  static XmlElement path(XmlElement from, String path) {
    XmlElement at = from;
    int start = 0;
    while (at != null) {
      int slash = path.indexOf('/', start);
      at = child(at, slash < 0 ? path.substring(start) : path.substring(start, slash));
      if (slash < 0) {
        break;
      }
      start = slash + 1;
    }
    return at;
  }

  /** The attribute's value, or null when absent. */
  static String attribute(XmlElement element, String name) {
    return element == null ? null : element.attribute(name);
  }

  /** " (line N)" for an element of the document read, "" for one Backplane added. */
  static String lineOf(XmlElement element) {
    return element.line() == null ? "" : " (line " + element.line() + ")";
  }

  /** Sets an attribute; a new one goes where libvirt would print it. */
  static void set(XmlElement element, String name, String value) {
    XmlElement.Attribute old = element.attributeNamed(name);
    element.set(new XmlElement.Attribute(name, old == null ? null : old.namespace(), value),
        place(element, name));
  }

  /** Sets an attribute taken from another element, namespace and all. */
  static void set(XmlElement element, XmlElement.Attribute attribute) {
    element.set(attribute, place(element, attribute.name()));
  }

  /** Where a new attribute goes among the element's: libvirt's order, else last. */
  private static int place(XmlElement element, String name) {
    List<XmlElement.Attribute> attributes = element.attributes();
    List<String> canonical = ATTRIBUTE_ORDER.getOrDefault(element.name(), DEFAULT_ORDER);
    int rank = canonical.indexOf(name);
    if (rank >= 0) {
      for (int i = 0; i < attributes.size(); i++) {
        if (canonical.indexOf(attributes.get(i).name()) > rank) {
          return i;
        }
      }
    }
    return attributes.size();
  }

  /** The first child element with this name, created in libvirt's child order if missing. */
  static XmlElement ensureChild(XmlElement parent, String name) {
    XmlElement existing = child(parent, name);
    if (existing != null) {
      return existing;
    }
    XmlElement created = new XmlElement(name);
    for (String later : CHILD_BEFORE.getOrDefault(name, DEFAULT_BEFORE)) {
      XmlElement before = child(parent, later);
      if (before != null) {
        insert(parent, created, pointBefore(before), childIndent(parent));
        return created;
      }
    }
    append(parent, created);
    return created;
  }

  static XmlElement ensurePath(XmlElement from, String path) {
    XmlElement at = from;
    for (String step : path.split("/")) {
      at = ensureChild(at, step);
    }
    return at;
  }

  /** Appends {@code child} as the last element child, indented like its siblings. */
  static void append(XmlElement parent, XmlElement child) {
    insert(parent, child, endPoint(parent), childIndent(parent));
  }

  /** Where an appended child goes; makes a childless parent ready to hold indented children. */
  static XmlNode endPoint(XmlElement parent) {
    List<XmlElement> elements = parent.elements();
    if (!elements.isEmpty()) {
      return elements.get(elements.size() - 1).next();
    }
    String own = indentOf(parent);
    if (own == null || !whitespaceOnly(parent)) {
      return null;
    }
    while (!parent.children().isEmpty()) {
      parent.remove(parent.children().get(0));
    }
    XmlNode.Text end = new XmlNode.Text("\n" + own);
    parent.append(end);
    return end;
  }

  /** The node to insert before so as to land just ahead of {@code element} and its indentation. */
  static XmlNode pointBefore(XmlElement element) {
    XmlNode previous = element.previous();
    return isIndentation(previous) ? previous : element;
  }

  /** Inserts the indentation and then {@code child} before {@code ref} (null: at the end). */
  static void insert(XmlElement parent, XmlElement child, XmlNode ref, String indent) {
    if (indent != null) {
      parent.insertBefore(new XmlNode.Text("\n" + indent), ref);
    }
    parent.insertBefore(child, ref);
  }

  /** Removes {@code element} and the indentation in front of it. */
  static void detach(XmlElement element) {
    XmlNode previous = element.previous();
    if (isIndentation(previous)) {
      previous.parent.remove(previous);
    }
    element.parent.remove(element);
  }

  /** The indentation children of {@code parent} have, or null for a document without line breaks. */
  static String childIndent(XmlElement parent) {
    for (XmlElement child : parent.elements()) {
      String indent = indentOf(child);
      if (indent != null) {
        return indent;
      }
    }
    String own = indentOf(parent);
    return own == null ? null : own + "  ";
  }

  /** The whitespace after the last line break before {@code element}; "" for the root. */
  static String indentOf(XmlElement element) {
    if (element.parent == null) {
      return "";
    }
    XmlNode previous = element.previous();
    if (!isIndentation(previous)) {
      return null;
    }
    String ws = ((XmlNode.Text) previous).data;
    return ws.substring(ws.lastIndexOf('\n') + 1);
  }

  private static boolean isIndentation(XmlNode node) {
    return node instanceof XmlNode.Text t && t.isIndentation();
  }

  private static boolean whitespaceOnly(XmlElement element) {
    for (XmlNode n : element.children()) {
      if (!(n instanceof XmlNode.Text t) || !t.data.isBlank()) {
        return false;
      }
    }
    return true;
  }
}
