package dev.backplane.adapters.libvirtxml;

import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.Domain;
import dev.backplane.core.model.InvalidDomainException;
import dev.backplane.core.model.Plan;
import dev.backplane.core.port.out.TopologySink;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed libvirt domain document. {@link #domain()} is what the planner reads; {@link #write}
 * prints the document with a plan applied and everything else exactly as the user wrote it.
 *
 * <p>Device keys are {@code d<n>}, {@code n} being the element's position among the element
 * children of {@code <devices>} (from 1).
 */
public final class LibvirtDocument {
  /** The namespace of libvirt's libosinfo metadata, as virt-install and virt-manager write it. */
  public static final String LIBOSINFO_NAMESPACE = "http://libosinfo.org/xmlns/libvirt/domain/1.0";

  private final String sourceName;
  private final XmlDocument document;
  private final DomainReader.Result read;

  LibvirtDocument(String sourceName, byte[] source) {
    this.sourceName = sourceName;
    this.document = XmlParser.parse(source, sourceName);
    this.read = DomainReader.read(document, sourceName);
  }

  /** Where the document came from, as given to {@link LibvirtXml#read}. */
  public String sourceName() {
    return sourceName;
  }

  /** The architecture, machine and devices, in document order. */
  public Domain domain() {
    return read.domain();
  }

  /**
   * The guest OS the domain names in libvirt's libosinfo metadata ({@code <metadata><libosinfo:libosinfo
   * xmlns:libosinfo="http://libosinfo.org/xmlns/libvirt/domain/1.0"><libosinfo:os id="..."/>}), as
   * virt-install writes it: an osinfo-db OS id such as {@code http://centos.org/centos/6.10}.
   */
  public Optional<String> osinfoId() {
    XmlElement metadata = Dom.child(document.root(), "metadata");
    if (metadata == null) {
      return Optional.empty();
    }
    for (XmlElement libosinfo : Dom.children(metadata)) {
      if (!LIBOSINFO_NAMESPACE.equals(libosinfo.namespace())
          || !"libosinfo".equals(libosinfo.localName())) {
        continue;
      }
      for (XmlElement os : Dom.children(libosinfo)) {
        if (LIBOSINFO_NAMESPACE.equals(os.namespace()) && "os".equals(os.localName())
            && !os.get("id").isBlank()) {
          return Optional.of(os.get("id").trim());
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Whether the domain boots UEFI firmware: {@code <os firmware='efi'>}, or a {@code <loader>} whose
   * path names an edk2 build (OVMF, AAVMF, edk2, QEMU_EFI).
   */
  public boolean wantsEfi() {
    XmlElement os = Dom.child(document.root(), "os");
    if (os == null) {
      return false;
    }
    if ("efi".equals(Dom.attribute(os, "firmware"))) {
      return true;
    }
    XmlElement loader = Dom.child(os, "loader");
    String path = loader == null ? "" : loader.text().toLowerCase(java.util.Locale.ROOT);
    for (String name : EDK2_NAMES) {
      if (path.contains(name)) {
        return true;
      }
    }
    return false;
  }

  private static final java.util.List<String> EDK2_NAMES = java.util.List.of("ovmf", "aavmf", "edk2", "qemu_efi");

  /**
   * Writes the document with {@code plan} applied: canonical machine, every planned address and
   * field, added devices as new elements, and without the device elements the plan no longer has
   * (a plan from {@code Backplane.remove}). This document is left unchanged, so writing again
   * gives the same output.
   *
   * @throws IllegalArgumentException when a plan device's key names no device of this document
   */
  public void write(Plan plan, OutputStream out) throws IOException {
    Objects.requireNonNull(plan, "plan");
    XmlDocument copy = document.copy();
    new PlanWriter(copy, read.on(copy)).apply(plan); // the copy reads as this document did
    XmlSerializer.write(copy, out);
  }

  /**
   * {@return this document with the device elements of {@code xml} appended to its
   * {@code <devices>}} {@code xml} holds one device element ({@code <interface>}, {@code <disk>},
   * ...) or a {@code <devices>} element with any number of them, as {@code virsh attach-device}
   * takes them. The devices of this document keep their keys; the new ones are the devices of the
   * result whose keys this document does not have. This document is left unchanged.
   *
   * @param xml the device XML
   * @param deviceSourceName names {@code xml} in messages
   * @throws InvalidDomainException when {@code xml} is not well-formed or holds an element that is
   *     not a libvirt device
   */
  public LibvirtDocument withDevices(byte[] xml, String deviceSourceName) {
    Objects.requireNonNull(xml, "xml");
    XmlElement root = XmlParser.parse(xml, deviceSourceName).root();
    java.util.List<XmlElement> elements = "devices".equals(root.name())
        ? Dom.children(root) : java.util.List.of(root);
    for (XmlElement element : elements) {
      if (element.namespace() != null || DeviceKind.fromElement(element.name()) == null) {
        throw new InvalidDomainException(deviceSourceName + ": <" + element.name() + ">",
            "is not a libvirt device element",
            "give one device element (<disk>, <interface>, <controller>, ...) or <devices> holding them");
      }
    }
    XmlDocument copy = document.copy();
    XmlElement root2 = copy.root();
    XmlElement devices = Dom.child(root2, "devices");
    if (devices == null) {
      devices = new XmlElement("devices");
      Dom.append(root2, devices);
    }
    for (XmlElement element : elements) {
      XmlElement imported = element.copy();
      if (element != root) {
        declareUsedNamespaces(root, imported);
      }
      Dom.append(devices, imported);
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try {
      XmlSerializer.write(copy, out);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e); // a byte array does not fail
    }
    return new LibvirtDocument(sourceName, out.toByteArray());
  }

  /**
   * Declares on {@code device} the prefixes its subtree uses that only {@code wrapper} (the
   * {@code <devices>} it came in) declared, so that it stays namespace-well-formed on its own.
   */
  private static void declareUsedNamespaces(XmlElement wrapper, XmlElement device) {
    Set<String> used = new HashSet<>();
    collectPrefixes(device, used);
    List<XmlElement.Attribute> declarations = new ArrayList<>(wrapper.attributes());
    declarations.sort(BY_NAME);
    for (XmlElement.Attribute declaration : declarations) {
      String name = declaration.name();
      if (name.startsWith("xmlns:") && used.contains(name.substring(6)) && !device.has(name)) {
        Dom.set(device, declaration);
      }
    }
  }

  /** Declarations in name order, as the JDK's DOM listed them before (the output stays the same). */
  private static final java.util.Comparator<XmlElement.Attribute> BY_NAME =
      new java.util.Comparator<>() {
        @Override
        public int compare(XmlElement.Attribute a, XmlElement.Attribute b) {
          return a.name().compareTo(b.name());
        }
      };

  private static void collectPrefixes(XmlElement element, Set<String> used) {
    if (element.prefix() != null) {
      used.add(element.prefix());
    }
    for (XmlElement.Attribute attribute : element.attributes()) {
      int colon = attribute.name().indexOf(':');
      String prefix = colon < 0 ? null : attribute.name().substring(0, colon);
      if (prefix != null && !"xmlns".equals(prefix)) {
        used.add(prefix);
      }
    }
    Dom.children(element).forEach(child -> collectPrefixes(child, used));
  }

  /** A sink that writes plans to {@code out} through {@link #write}. */
  public TopologySink sink(OutputStream out) {
    return new LibvirtXmlTopologySink(this, Objects.requireNonNull(out, "out"));
  }

  XmlDocument dom() {
    return document;
  }
}
