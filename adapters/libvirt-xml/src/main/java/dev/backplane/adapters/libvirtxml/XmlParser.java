package dev.backplane.adapters.libvirtxml;

import dev.backplane.core.model.InvalidDomainException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.ext.Locator2;
import org.xml.sax.ext.DefaultHandler2;

/**
 * Parses untrusted XML into a DOM without DTDs, entities or XInclude. Builds the DOM itself, from
 * SAX events, so that each element remembers its attribute order and line: the JDK's DOM keeps
 * attributes sorted by name, which would reorder everything the user wrote.
 */
final class XmlParser {
  /** User-data key: the element's attribute names, as written ({@code List<String>}). */
  static final String ATTRIBUTE_ORDER = "backplane.attributeOrder";
  /** User-data key: the line the element's start tag ends on ({@code Integer}). */
  static final String LINE = "backplane.line";
  /** The deepest nesting read: libxml2's limit, so libvirt refuses anything deeper too. */
  static final int MAX_DEPTH = 256;
  /** The most elements read; a domain with 60 devices has about 1,000. */
  static final int MAX_ELEMENTS = 20_000;

  private XmlParser() {}

  /**
   * One configured reader and document builder per thread: creating them costs more than parsing
   * a typical domain, and neither may be used by two threads at once.
   */
  private static final ThreadLocal<Parsers> PARSERS = ThreadLocal.withInitial(Parsers::create);

  static Document parse(byte[] xml, String source) {
    Parsers parsers = PARSERS.get();
    DomBuilder builder = new DomBuilder(parsers.documents.newDocument());
    XMLReader reader = parsers.reader;
    try {
      reader.setContentHandler(builder);
      reader.setErrorHandler(builder);
      reader.setEntityResolver(builder);
      reader.setProperty("http://xml.org/sax/properties/lexical-handler", builder);
      reader.parse(new InputSource(new ByteArrayInputStream(xml)));
    } catch (LimitException e) {
      throw new InvalidDomainException(source + " line " + e.line, e.getMessage(),
          "pass a libvirt domain XML document; real ones nest about 6 deep and have a few hundred elements");
    } catch (SAXParseException e) {
      throw refused(source + " line " + e.getLineNumber(), e.getMessage());
    } catch (SAXException e) {
      throw refused(source, e.getMessage());
    } catch (IOException e) {
      throw new InvalidDomainException(source, "cannot read the XML: " + e.getMessage(),
          "pass a complete libvirt domain XML document");
    } finally {
      reader.setContentHandler(null);
      reader.setErrorHandler(null);
      reader.setEntityResolver(null);
    }
    return builder.document;
  }

  /** A thread's SAX reader (secure, namespace prefixes reported) and DOM document builder. */
  private record Parsers(XMLReader reader, DocumentBuilder documents) {
    static Parsers create() {
      try {
        XMLReader reader = secureParser().getXMLReader();
        reader.setFeature("http://xml.org/sax/features/namespace-prefixes", true);
        // the JDK's own builder: newInstance() would first search the class path for another
        return new Parsers(reader, DocumentBuilderFactory.newDefaultInstance().newDocumentBuilder());
      } catch (ParserConfigurationException | SAXException e) {
        throw new IllegalStateException("the JDK's XML parser lacks a required security feature", e);
      }
    }
  }

  private static SAXParser secureParser() throws ParserConfigurationException, SAXException {
    SAXParserFactory factory = SAXParserFactory.newDefaultInstance();
    factory.setNamespaceAware(true);
    factory.setValidating(false);
    factory.setXIncludeAware(false);
    factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
    factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    SAXParser parser = factory.newSAXParser();
    parser.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    parser.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    return parser;
  }

  private static InvalidDomainException refused(String where, String parserMessage) {
    String message = parserMessage == null ? "" : parserMessage;
    if (message.contains("DOCTYPE") || message.contains("ENTITY")) {
      return new InvalidDomainException(where,
          "a DOCTYPE or entity declaration is not allowed (DTDs and entities are refused for safety)",
          "remove the <!DOCTYPE ...> declaration; libvirt domain XML never has one");
    }
    return new InvalidDomainException(where, "not well-formed XML: " + message,
        "correct the XML syntax there");
  }

  /** A document deeper or larger than the limits; thrown from the SAX handler, so it is early. */
  private static final class LimitException extends SAXException {
    private static final long serialVersionUID = 1L;
    private final int line;

    LimitException(String message, int line) {
      super(message);
      this.line = line;
    }
  }

  /**
   * Builds the DOM from SAX events, refuses any external entity it is asked to resolve, and stops
   * at the first element beyond {@link #MAX_DEPTH} or {@link #MAX_ELEMENTS}.
   */
  private static final class DomBuilder extends DefaultHandler2 {
    private final Document document;
    private final StringBuilder text = new StringBuilder();
    private Node current;
    private Locator locator;
    private boolean inCdata;
    private int depth;
    private int elements;

    DomBuilder(Document document) {
      this.document = document;
      this.current = document;
    }

    @Override
    public void setDocumentLocator(Locator locator) {
      this.locator = locator;
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes attributes)
        throws LimitException {
      if (current == document && locator instanceof Locator2 l && l.getXMLVersion() != null) {
        document.setXmlVersion(l.getXMLVersion()); // 1.1 allows characters 1.0 has not
      }
      if (++depth > MAX_DEPTH) {
        throw new LimitException("elements are nested more than " + MAX_DEPTH
            + " deep (libvirt's XML parser refuses that too)", line());
      }
      if (++elements > MAX_ELEMENTS) {
        throw new LimitException("the document has more than " + MAX_ELEMENTS + " elements", line());
      }
      flushText();
      Element element = document.createElementNS(uri.isEmpty() ? null : uri, qName);
      List<String> order = new ArrayList<>(attributes.getLength());
      for (int i = 0; i < attributes.getLength(); i++) {
        String name = attributes.getQName(i);
        String namespace = name.equals("xmlns") || name.startsWith("xmlns:")
            ? XMLConstants.XMLNS_ATTRIBUTE_NS_URI
            : attributes.getURI(i).isEmpty() ? null : attributes.getURI(i);
        element.setAttributeNS(namespace, name, attributes.getValue(i));
        order.add(name);
      }
      element.setUserData(ATTRIBUTE_ORDER, order, null);
      if (locator != null) {
        element.setUserData(LINE, locator.getLineNumber(), null);
      }
      current.appendChild(element);
      current = element;
    }

    @Override
    public void endElement(String uri, String localName, String qName) {
      depth--;
      flushText();
      current = current.getParentNode();
    }

    @Override
    public void characters(char[] ch, int start, int length) {
      text.append(ch, start, length);
    }

    @Override
    public void ignorableWhitespace(char[] ch, int start, int length) {
      text.append(ch, start, length);
    }

    @Override
    public void startCDATA() {
      flushText();
      inCdata = true;
    }

    @Override
    public void endCDATA() {
      current.appendChild(document.createCDATASection(text.toString()));
      text.setLength(0);
      inCdata = false;
    }

    @Override
    public void comment(char[] ch, int start, int length) {
      flushText();
      current.appendChild(document.createComment(new String(ch, start, length)));
    }

    @Override
    public void processingInstruction(String target, String data) {
      flushText();
      current.appendChild(document.createProcessingInstruction(target, data == null ? "" : data));
    }

    @Override
    public InputSource resolveEntity(String name, String publicId, String baseUri, String systemId)
        throws SAXException {
      throw new SAXException("external entity " + (systemId == null ? name : systemId)
          + " refused: ENTITY references are not allowed");
    }

    @Override
    public void fatalError(SAXParseException e) throws SAXException {
      throw e;
    }

    private int line() {
      return locator == null ? 0 : locator.getLineNumber();
    }

    private void flushText() {
      if (text.length() > 0 && !inCdata) {
        if (current != document) {
          current.appendChild(document.createTextNode(text.toString()));
        }
        text.setLength(0);
      }
    }
  }
}
