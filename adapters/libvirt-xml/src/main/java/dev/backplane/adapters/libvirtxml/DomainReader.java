package dev.backplane.adapters.libvirtxml;

import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.Domain;
import dev.backplane.core.model.InvalidDomainException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Turns a parsed domain document into the core {@link Domain}, remembering each device's element. */
final class DomainReader {

  /** The domain, and for each device key its element and the device as read. */
  record Result(Domain domain, Map<String, Element> elements, Map<String, Device> devices) {}

  private DomainReader() {}

  static Result read(Document document, String source) {
    Element root = document.getDocumentElement();
    if (!Dom.is(root, "domain")) {
      throw new InvalidDomainException(source + " <" + root.getNodeName() + ">",
          "the root element must be <domain>, not <" + root.getNodeName() + ">",
          "pass a libvirt domain XML document, as 'virsh dumpxml' prints it");
    }
    Element type = Dom.path(root, "os/type");
    Map<String, Element> elements = new LinkedHashMap<>();
    Map<String, Device> devices = new LinkedHashMap<>();
    Element devicesElement = Dom.child(root, "devices");
    if (devicesElement != null) {
      Map<String, Integer> ordinals = new HashMap<>();
      List<Element> children = Dom.children(devicesElement);
      for (int i = 0; i < children.size(); i++) {
        Element element = children.get(i);
        DeviceKind kind = element.getNamespaceURI() == null
            ? DeviceKind.fromElement(element.getNodeName()) : null;
        if (kind == null) {
          continue;
        }
        int ordinal = ordinals.merge(kind.element(), 1, Integer::sum);
        String key = "d" + (i + 1);
        elements.put(key, element);
        devices.put(key, device(element, kind, key, "<" + kind.element() + "> #" + ordinal));
      }
    }
    java.util.Set<String> features = new java.util.LinkedHashSet<>();
    Element featuresElement = Dom.child(root, "features");
    if (featuresElement != null) {
      Dom.children(featuresElement).forEach(f -> features.add(f.getNodeName()));
    }
    Domain domain = new Domain(Dom.attribute(type, "arch"), Dom.attribute(type, "machine"),
        new ArrayList<>(devices.values()), features);
    return new Result(domain, elements, devices);
  }

  private static Device device(Element element, DeviceKind kind, String key, String where) {
    Device.Builder builder = Device.builder(kind).key(key);
    for (DeviceFields.Binding binding : DeviceFields.of(kind)) {
      Element holder = binding.path().isEmpty() ? element : Dom.path(element, binding.path());
      String value = Dom.attribute(holder, binding.attribute());
      if (value == null) {
        continue;
      }
      switch (binding.field()) {
        case TYPE -> builder.type(value);
        case MODEL -> builder.model(value);
        case BUS -> builder.bus(value);
        case TARGET -> builder.target(value);
        case INDEX -> builder.index(index(value, where, element));
        case ATTRIBUTE -> builder.attribute(binding.key(), value);
      }
    }
    if (kind == DeviceKind.DISK && element.getAttribute("device").isEmpty()) {
      builder.type("disk");
    }
    return builder.address(Addresses.read(element, where)).build();
  }

  private static Integer index(String value, String where, Element element) {
    String digits = value.trim();
    if (!digits.isEmpty() && digits.length() < 10 && digits.chars().allMatch(Character::isDigit)) {
      return Integer.parseInt(digits);
    }
    Integer line = Dom.line(element);
    throw new InvalidDomainException(where + (line == null ? "" : " (line " + line + ")"),
        "index='" + value + "' is not a non-negative whole number",
        "write the index in decimal, e.g. index='1', or remove it to have one assigned");
  }
}
