package dev.backplane.adapters.osinfo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the {@code os} and {@code device} entities of osinfo-db directories, as libosinfo's loader
 * finds them: an entity's master file ({@code os/centos.org/centos-6.10.xml}) and its fragments
 * ({@code os/centos.org/centos-6.10.d/*.xml}); a master file in a later directory replaces one with
 * the same path in an earlier one, fragments add up. The XML is read without DTDs or entities.
 */
final class OsinfoFiles {
  /** What one OS element says: ids, names, relations and device links. */
  static final class OsEntry {
    final String uri;
    final List<String> shortIds = new ArrayList<>();
    String name;
    final List<String> derivesFrom = new ArrayList<>();
    final List<String> clones = new ArrayList<>();
    /** Device uri → supported (a link with {@code supported="false"} removes the device). */
    final Map<String, Boolean> links = new LinkedHashMap<>();

    OsEntry(String uri) {
      this.uri = uri;
    }
  }

  /** A device: its uri, name ({@code e1000}) and osinfo class ({@code net}). */
  record DeviceEntry(String uri, String name, String osinfoClass) {}

  /** Everything read. */
  record Contents(Map<String, OsEntry> oses, Map<String, DeviceEntry> devices) {}

  private static final String XML_NS = XMLConstants.XML_NS_URI;

  private OsinfoFiles() {}

  static Contents read(List<Path> roots) throws IOException {
    Map<String, Path> masters = new LinkedHashMap<>();
    Map<String, List<Path>> fragments = new LinkedHashMap<>();
    for (Path root : roots) {
      for (String kind : List.of("device", "os")) {
        Path dir = root.resolve(kind);
        if (!Files.isDirectory(dir)) {
          continue;
        }
        try (Stream<Path> files = Files.walk(dir)) {
          for (Path file : files.filter(f -> f.toString().endsWith(".xml") && Files.isRegularFile(f))
              .sorted().toList()) {
            String relative = root.relativize(file).toString();
            String parent = root.relativize(file.getParent()).toString();
            if (parent.endsWith(".d")) {
              fragments.computeIfAbsent(parent.substring(0, parent.length() - 2), k -> new ArrayList<>())
                  .add(file);
            } else {
              masters.put(relative.substring(0, relative.length() - 4), file);
            }
          }
        }
      }
    }
    Contents contents = new Contents(new LinkedHashMap<>(), new LinkedHashMap<>());
    XMLInputFactory factory = factory();
    for (Path file : masters.values()) {
      parse(factory, file, contents);
    }
    for (List<Path> files : fragments.values()) {
      for (Path file : files) {
        parse(factory, file, contents);
      }
    }
    return contents;
  }

  private static void parse(XMLInputFactory factory, Path file, Contents contents) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      XMLStreamReader xml = factory.createXMLStreamReader(in);
      try {
        int depth = 0;
        OsEntry os = null;
        String deviceUri = null;
        String deviceName = null;
        String deviceClass = null;
        String parent = null;
        while (xml.hasNext()) {
          int event = xml.next();
          if (event == XMLStreamConstants.START_ELEMENT) {
            depth++;
            String name = xml.getLocalName();
            if (depth == 2 && name.equals("os")) {
              String uri = xml.getAttributeValue(null, "id");
              os = uri == null ? null : contents.oses().computeIfAbsent(uri, OsEntry::new);
            } else if (depth == 2 && name.equals("device")) {
              deviceUri = xml.getAttributeValue(null, "id");
            } else if (depth == 3 && os != null) {
              parent = name;
              switch (name) {
                case "short-id" -> os.shortIds.add(xml.getElementText().trim());
                case "name" -> {
                  boolean translated = xml.getAttributeValue(XML_NS, "lang") != null;
                  String text = xml.getElementText().trim();
                  if (!translated) {
                    os.name = text;
                  }
                }
                case "derives-from" -> add(os.derivesFrom, xml.getAttributeValue(null, "id"));
                case "clones" -> add(os.clones, xml.getAttributeValue(null, "id"));
                default -> { }
              }
              if (xml.getEventType() == XMLStreamConstants.END_ELEMENT) {
                depth--; // getElementText consumed the element
              }
            } else if (depth == 4 && os != null && "devices".equals(parent) && name.equals("device")) {
              String id = xml.getAttributeValue(null, "id");
              if (id != null) {
                os.links.put(id, !"false".equals(xml.getAttributeValue(null, "supported")));
              }
            } else if (depth == 3 && deviceUri != null) {
              if (name.equals("name") && xml.getAttributeValue(XML_NS, "lang") == null) {
                deviceName = xml.getElementText().trim();
                depth--;
              } else if (name.equals("class")) {
                deviceClass = xml.getElementText().trim();
                depth--;
              }
            }
          } else if (event == XMLStreamConstants.END_ELEMENT) {
            if (depth == 2) {
              if (deviceUri != null) {
                contents.devices().put(deviceUri, new DeviceEntry(deviceUri, deviceName, deviceClass));
              }
              os = null;
              deviceUri = null;
              deviceName = null;
              deviceClass = null;
            }
            depth--;
          }
        }
      } finally {
        xml.close();
      }
    } catch (XMLStreamException e) {
      throw new IOException(file + ": not well-formed osinfo XML: " + e.getMessage(), e);
    }
  }

  private static void add(List<String> list, String value) {
    if (value != null && !value.isBlank()) {
      list.add(value.trim());
    }
  }

  /** A StAX factory that reads no DTD and resolves no external entity. */
  private static XMLInputFactory factory() {
    XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    return factory;
  }
}
