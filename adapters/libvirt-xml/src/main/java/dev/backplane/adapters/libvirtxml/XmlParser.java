package dev.backplane.adapters.libvirtxml;

import dev.backplane.core.model.InvalidDomainException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses untrusted XML 1.0 or 1.1, with namespaces, into an {@link XmlDocument} that keeps
 * everything as written: attribute order, comments, processing instructions, CDATA sections and
 * each element's line. It reads what libxml2, libvirt's parser, reads: names by XML 1.0's fifth
 * edition, and a document that breaks only the namespaces recommendation (an undeclared prefix,
 * say), which libxml2 reports and reads on; what it refuses, libxml2 refuses too. A document type declaration is refused, so there is no DTD, no entity to
 * expand and nothing external to fetch; the five predefined entities and character references are
 * all a document may refer to. Reading stops at the first element deeper than {@link #MAX_DEPTH}
 * or past {@link #MAX_ELEMENTS}.
 *
 * <p>The adapter's own parser rather than the JDK's: creating the JDK's SAX parser and DOM costs
 * more than reading a whole domain (README, "Speed"), and its DOM keeps attributes sorted by name.
 */
final class XmlParser {
  /** The deepest nesting read: libxml2's limit, so libvirt refuses anything deeper too. */
  static final int MAX_DEPTH = 256;
  /** The most elements read; a domain with 60 devices has about 1,000. */
  static final int MAX_ELEMENTS = 20_000;

  private static final String XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace";
  private static final String XMLNS_NAMESPACE = "http://www.w3.org/2000/xmlns/";

  private final String s;
  private final boolean xml11;
  private int pos;
  private int lineCursor;
  private int lineAtCursor = 1;
  private int elements;
  private boolean emptyTag;
  private final StringBuilder text = new StringBuilder();
  /**
   * The namespace bindings in scope (prefix to namespace; null for an undeclared one), and what
   * each declaration replaced, innermost last, to restore them at the end tag. A map, not a walk
   * up the declarations: a hostile start tag may declare hundreds of thousands.
   */
  private final Map<String, String> bound = new HashMap<>();
  private final List<String> shadowedPrefixes = new ArrayList<>();
  private final List<String> shadowedUris = new ArrayList<>();
  private final List<Boolean> shadowedPresent = new ArrayList<>();

  private XmlParser(String s, boolean xml11) {
    this.s = s;
    this.xml11 = xml11;
  }

  static XmlDocument parse(byte[] xml, String source) {
    try {
      String raw = decode(xml);
      String version = raw.startsWith("<?xml") && raw.length() > 5 && isSpace(raw.charAt(5))
          ? new XmlParser(raw, false).declaration() : "1.0";
      boolean xml11 = version.equals("1.1");
      return new XmlParser(normalize(raw, xml11), xml11).document();
    } catch (Malformed e) {
      String where = source + " line " + e.line;
      throw switch (e.kind) {
        case LIMIT -> new InvalidDomainException(where, e.getMessage(),
            "pass a libvirt domain XML document; real ones nest about 6 deep and have a few hundred elements");
        case DOCTYPE -> new InvalidDomainException(where,
            "a DOCTYPE or entity declaration is not allowed (DTDs and entities are refused for safety)",
            "remove the <!DOCTYPE ...> declaration; libvirt domain XML never has one");
        case SYNTAX -> new InvalidDomainException(where, "not well-formed XML: " + e.getMessage(),
            "correct the XML syntax there");
      };
    }
  }

  // ---- bytes to characters ----

  /** The document's characters: UTF-8 unless a byte order mark or the declaration says otherwise. */
  private static String decode(byte[] b) {
    int start = 0;
    Charset charset = StandardCharsets.UTF_8;
    if (b.length >= 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf) {
      start = 3;
    } else if (b.length >= 2 && (b[0] & 0xff) == 0xfe && (b[1] & 0xff) == 0xff) {
      charset = StandardCharsets.UTF_16BE;
      start = 2;
    } else if (b.length >= 2 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xfe) {
      charset = StandardCharsets.UTF_16LE;
      start = 2;
    } else if (b.length >= 4 && b[0] == 0 && b[1] == '<' && b[2] == 0 && b[3] == '?') {
      charset = StandardCharsets.UTF_16BE;
    } else if (b.length >= 4 && b[0] == '<' && b[1] == 0 && b[2] == '?' && b[3] == 0) {
      charset = StandardCharsets.UTF_16LE;
    } else {
      String declared = declaredEncoding(b);
      if (declared != null) {
        charset = charset(declared);
      }
    }
    CharsetDecoder decoder = charset.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(b, start, b.length - start);
    CharBuffer out = CharBuffer.allocate((int) Math.ceil((b.length - start) * (double) decoder.maxCharsPerByte()) + 1);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    out.flip();
    if (result.isError()) {
      throw new Malformed(Kind.SYNTAX, linesIn(out) + 1, String.format(Locale.ROOT,
          "byte 0x%02x at offset %d is not %s (write the document in UTF-8, or declare its encoding)",
          b[in.position()] & 0xff, in.position(), charset.name()));
    }
    return out.toString();
  }

  private static int linesIn(CharSequence chars) {
    int lines = 0;
    for (int i = 0; i < chars.length(); i++) {
      if (chars.charAt(i) == '\n') {
        lines++;
      }
    }
    return lines;
  }

  /** The encoding an ASCII-compatible document declares ({@code <?xml ... encoding='...'?>}), or null. */
  private static String declaredEncoding(byte[] b) {
    if (b.length < 6 || b[0] != '<' || b[1] != '?' || b[2] != 'x' || b[3] != 'm' || b[4] != 'l') {
      return null;
    }
    StringBuilder declaration = new StringBuilder();
    for (int i = 0; i < b.length && i < 512 && b[i] > 0; i++) {
      declaration.append((char) b[i]);
      if (b[i] == '>') {
        break;
      }
    }
    String d = declaration.toString();
    int at = d.indexOf("encoding");
    if (at < 0) {
      return null;
    }
    int eq = d.indexOf('=', at);
    int quote = eq < 0 ? -1 : firstQuote(d, eq + 1);
    int end = quote < 0 ? -1 : d.indexOf(d.charAt(quote), quote + 1);
    return end < 0 ? null : d.substring(quote + 1, end);
  }

  private static int firstQuote(String d, int from) {
    for (int i = from; i < d.length(); i++) {
      char c = d.charAt(i);
      if (c == '"' || c == '\'') {
        return i;
      }
      if (!isSpace(c)) {
        return -1;
      }
    }
    return -1;
  }

  private static Charset charset(String name) {
    Charset charset;
    try {
      charset = Charset.forName(name);
    } catch (IllegalArgumentException e) {
      throw new Malformed(Kind.SYNTAX, 1, "the declared encoding '" + name + "' is not supported");
    }
    if (charset.name().startsWith("UTF-16") || charset.name().startsWith("UTF-32")) {
      // its first bytes are ASCII's ("<?xml"), so it is not: libxml2 reads on as UTF-8
      return StandardCharsets.UTF_8;
    }
    return charset;
  }

  /**
   * The characters with line ends made {@code \n} (XML 1.1: also NEL and LINE SEPARATOR), refusing
   * any character XML does not allow in a document.
   */
  private static String normalize(String raw, boolean xml11) {
    StringBuilder out = null;
    int lines = 1;
    int n = raw.length();
    for (int i = 0; i < n; i++) {
      char c = raw.charAt(i);
      if (c == '\r' || xml11 && (c == '\u0085' || c == '\u2028')) {
        if (out == null) {
          out = new StringBuilder(n);
          out.append(raw, 0, i);
        }
        if (c == '\r' && i + 1 < n && (raw.charAt(i + 1) == '\n' || xml11 && raw.charAt(i + 1) == '\u0085')) {
          i++;
        }
        out.append('\n');
        lines++;
        continue;
      }
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(raw.charAt(i + 1))) {
        if (out != null) {
          out.append(c).append(raw.charAt(i + 1));
        }
        i++;
        continue;
      }
      if (!allowedLiterally(c, xml11)) {
        throw new Malformed(Kind.SYNTAX, lines, String.format(Locale.ROOT,
            "the character U+%04X is not allowed in an XML %s document%s", (int) c,
            xml11 ? "1.1" : "1.0", c < 0x20 || c >= 0x7f && c <= 0x9f
                ? " (an XML 1.1 document may have it as the reference &#x" + Integer.toHexString(c) + ";)"
                : ""));
      }
      if (c == '\n') {
        lines++;
      }
      if (out != null) {
        out.append(c);
      }
    }
    return out == null ? raw : out.toString();
  }

  private static boolean allowedLiterally(char c, boolean xml11) {
    if (c == '\t' || c == '\n') {
      return true;
    }
    if (c < 0x20 || Character.isSurrogate(c) || c == 0xfffe || c == 0xffff) {
      return false;
    }
    return !xml11 || c < 0x7f || c > 0x9f;
  }

  // ---- the document ----

  /** The XML declaration at the start; returns the version, leaves {@code pos} after {@code ?>}. */
  private String declaration() {
    pos = 5;
    String version = null;
    String[] order = {"version", "encoding", "standalone"};
    int next = 0;
    while (true) {
      boolean space = skipSpaces();
      if (s.startsWith("?>", pos)) {
        pos += 2;
        break;
      }
      if (!space || pos >= s.length()) {
        throw syntax("the XML declaration must end with '?>'");
      }
      String name = name("XML declaration item");
      int index = -1;
      for (int i = next; i < order.length; i++) {
        if (order[i].equals(name)) {
          index = i;
        }
      }
      if (index < 0 || index > 0 && version == null) {
        throw syntax("the XML declaration has '" + name + "' where it may have only version, "
            + "encoding and standalone, in that order, version first");
      }
      skipSpaces();
      expect("=", "'" + name + "' in the XML declaration needs '=' and a quoted value");
      skipSpaces();
      String value = quoted("'" + name + "' in the XML declaration");
      switch (index) {
        case 0 -> {
          if (!value.startsWith("1.") || value.length() < 3 || !digits(value.substring(2))) {
            throw syntax("XML version '" + value + "' is not supported (only 1.0 and 1.1)");
          }
          version = value.equals("1.1") ? value : "1.0"; // libxml2 reads another 1.x as 1.0
        }
        case 2 -> {
          if (!value.equals("yes") && !value.equals("no")) {
            throw syntax("standalone must be 'yes' or 'no', not '" + value + "'");
          }
        }
        default -> {
          if (value.isEmpty() || !Character.isLetter(value.charAt(0))) {
            throw syntax("'" + value + "' is not an encoding name");
          }
        }
      }
      next = index + 1;
    }
    if (version == null) {
      throw syntax("the XML declaration must give the version (<?xml version='1.0'?>)");
    }
    return version;
  }

  private static boolean digits(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private String quoted(String what) {
    char quote = pos < s.length() ? s.charAt(pos) : 0;
    if (quote != '"' && quote != '\'') {
      throw syntax(what + " must be in quotes");
    }
    int end = s.indexOf(quote, pos + 1);
    if (end < 0) {
      throw syntax(what + " has no closing quote");
    }
    String value = s.substring(pos + 1, end);
    pos = end + 1;
    return value;
  }

  private XmlDocument document() {
    String version = "1.0";
    if (s.startsWith("<?xml") && s.length() > 5 && isSpace(s.charAt(5))) {
      version = declaration();
    }
    List<XmlNode> nodes = new ArrayList<>();
    XmlElement root = null;
    while (true) {
      skipSpaces();
      if (pos >= s.length()) {
        break;
      }
      if (s.startsWith("<!--", pos)) {
        nodes.add(comment());
      } else if (s.startsWith("<?", pos)) {
        nodes.add(instruction());
      } else if (s.startsWith("<!DOCTYPE", pos) || s.startsWith("<!ENTITY", pos)) {
        throw new Malformed(Kind.DOCTYPE, line(pos), "DOCTYPE");
      } else if (root == null && s.charAt(pos) == '<' && pos + 1 < s.length() && s.charAt(pos + 1) != '!') {
        root = element();
        nodes.add(root);
      } else if (root == null) {
        throw syntax("content is not allowed before the root element (a document is one element, "
            + "such as <domain>...</domain>, with only comments and processing instructions around it)");
      } else {
        throw syntax("content is not allowed after the root element </" + root.name() + ">");
      }
    }
    if (root == null) {
      throw syntax("the document has no root element");
    }
    return new XmlDocument(version, nodes);
  }

  /** The root element and everything in it; {@code pos} is at its {@code <}. */
  private XmlElement element() {
    int[] scopes = new int[MAX_DEPTH + 1];
    scopes[0] = shadowedPrefixes.size();
    XmlElement root = startTag(1);
    if (emptyTag) {
      unbind(scopes[0]);
      return root;
    }
    XmlElement current = root;
    int depth = 1;
    while (current != null) {
      if (pos >= s.length()) {
        throw syntax("the document ends inside <" + current.name() + ">, which has no </"
            + current.name() + ">");
      }
      char c = s.charAt(pos);
      if (c == '&') {
        reference(text);
      } else if (c != '<') {
        characters();
      } else if (s.startsWith("</", pos)) {
        flushText(current);
        endTag(current);
        unbind(scopes[--depth]);
        current = current.parent;
      } else if (s.startsWith("<!--", pos)) {
        flushText(current);
        current.append(comment());
      } else if (s.startsWith("<![CDATA[", pos)) {
        flushText(current);
        int end = s.indexOf("]]>", pos + 9);
        if (end < 0) {
          throw syntax("the CDATA section has no ']]>'");
        }
        current.append(new XmlNode.CData(s.substring(pos + 9, end)));
        pos = end + 3;
      } else if (s.startsWith("<?", pos)) {
        flushText(current);
        current.append(instruction());
      } else if (s.startsWith("<!DOCTYPE", pos) || s.startsWith("<!ENTITY", pos)) {
        throw new Malformed(Kind.DOCTYPE, line(pos), "DOCTYPE");
      } else if (s.startsWith("<!", pos)) {
        throw syntax("'<!' may start only a comment (<!--) or a CDATA section (<![CDATA[) here");
      } else {
        flushText(current);
        scopes[depth] = shadowedPrefixes.size();
        XmlElement child = startTag(depth + 1);
        current.append(child);
        if (emptyTag) {
          unbind(scopes[depth]);
        } else {
          current = child;
          depth++;
        }
      }
    }
    return root;
  }

  /** A start tag at {@code pos}, which is to be at {@code depth}; sets {@link #emptyTag}. */
  private XmlElement startTag(int depth) {
    pos++;
    String name = name("element name");
    List<String> names = new ArrayList<>(4);
    Set<String> seen = null; // past a few attributes, a set finds a repeated name
    List<String> values = new ArrayList<>(4);
    while (true) {
      boolean space = skipSpaces();
      if (pos >= s.length()) {
        throw syntax("the document ends inside the start tag <" + name + ">");
      }
      char c = s.charAt(pos);
      if (c == '>') {
        pos++;
        emptyTag = false;
        break;
      }
      if (c == '/') {
        expect("/>", "'/' in the start tag <" + name + "> must be followed by '>'");
        emptyTag = true;
        break;
      }
      if (!space) {
        throw syntax("the start tag <" + name + "> needs a space before each attribute, and '>' or '/>' at its end");
      }
      String attribute = name("attribute name");
      skipSpaces();
      expect("=", "the attribute " + attribute + " of <" + name + "> needs '=' and a quoted value");
      skipSpaces();
      if (seen == null && names.size() >= 8) {
        seen = new HashSet<>(names);
      }
      if (seen != null ? !seen.add(attribute) : names.contains(attribute)) {
        throw syntax("<" + name + "> has the attribute " + attribute + " twice");
      }
      names.add(attribute);
      values.add(attributeValue(attribute, name));
    }
    int line = line(pos);
    if (depth > MAX_DEPTH) {
      throw new Malformed(Kind.LIMIT, line, "elements are nested more than " + MAX_DEPTH
          + " deep (libvirt's XML parser refuses that too)");
    }
    if (++elements > MAX_ELEMENTS) {
      throw new Malformed(Kind.LIMIT, line, "the document has more than " + MAX_ELEMENTS + " elements");
    }
    for (int i = 0; i < names.size(); i++) {
      String attribute = names.get(i);
      if (attribute.equals("xmlns")) {
        bind("", values.get(i));
      } else if (attribute.startsWith("xmlns:")) {
        bind(attribute.substring(6), values.get(i));
      }
    }
    XmlElement element = new XmlElement(name, namespaceOf(name, true), line);
    for (int i = 0; i < names.size(); i++) {
      String attribute = names.get(i);
      String namespace = attribute.equals("xmlns") || attribute.startsWith("xmlns:")
          ? XMLNS_NAMESPACE : namespaceOf(attribute, false);
      element.add(new XmlElement.Attribute(attribute, namespace, values.get(i)));
    }
    return element;
  }

  private String attributeValue(String attribute, String element) {
    char quote = pos < s.length() ? s.charAt(pos) : 0;
    if (quote != '"' && quote != '\'') {
      throw syntax("the value of the attribute " + attribute + " of <" + element + "> must be in quotes");
    }
    pos++;
    StringBuilder value = new StringBuilder();
    while (true) {
      if (pos >= s.length()) {
        throw syntax("the value of the attribute " + attribute + " of <" + element + "> has no closing quote");
      }
      char c = s.charAt(pos);
      if (c == quote) {
        pos++;
        return value.toString();
      }
      if (c == '<') {
        throw syntax("the value of the attribute " + attribute + " of <" + element
            + "> contains '<' (write it as &lt;)");
      }
      if (c == '&') {
        reference(value);
      } else {
        value.append(c == '\n' || c == '\t' ? ' ' : c); // attribute-value normalization
        pos++;
      }
    }
  }

  private void endTag(XmlElement element) {
    int start = pos;
    pos += 2;
    String name = name("element name");
    skipSpaces();
    if (!name.equals(element.name())) {
      pos = start;
      throw syntax("</" + name + "> closes <" + element.name() + ">" + (element.line() == null
          ? "" : " (line " + element.line() + ")") + ": the end tag must match the start tag");
    }
    expect(">", "the end tag </" + name + "> must end with '>'");
  }

  private void characters() {
    int end = pos;
    while (end < s.length() && s.charAt(end) != '<' && s.charAt(end) != '&') {
      if (s.charAt(end) == '>' && end - pos >= 2 && s.charAt(end - 1) == ']' && s.charAt(end - 2) == ']') {
        pos = end;
        throw syntax("']]>' is not allowed in text (write ]]&gt;)");
      }
      end++;
    }
    text.append(s, pos, end);
    pos = end;
  }

  private void flushText(XmlElement into) {
    if (text.length() > 0) {
      into.append(new XmlNode.Text(text.toString()));
      text.setLength(0);
    }
  }

  /** An entity or character reference at {@code pos}, appended to {@code into} as its character. */
  private void reference(StringBuilder into) {
    int semicolon = s.indexOf(';', pos);
    if (semicolon < 0 || semicolon - pos > 12) {
      throw syntax("'&' must start a reference such as &amp; or &#10; (write & as &amp;)");
    }
    String ref = s.substring(pos + 1, semicolon);
    switch (ref) {
      case "amp" -> into.append('&');
      case "lt" -> into.append('<');
      case "gt" -> into.append('>');
      case "apos" -> into.append('\'');
      case "quot" -> into.append('"');
      default -> {
        if (!ref.startsWith("#")) {
          throw syntax("&" + ref + "; refers to an entity, and only &amp; &lt; &gt; &apos; &quot; and "
              + "character references exist without a DTD (write & as &amp;)");
        }
        int codePoint;
        try {
          codePoint = ref.startsWith("#x") ? Integer.parseInt(ref.substring(2), 16)
              : Integer.parseInt(ref.substring(1), 10);
          if (ref.length() < 2 || ref.charAt(ref.startsWith("#x") ? 2 : 1) == '-'
              || ref.charAt(ref.startsWith("#x") ? 2 : 1) == '+') {
            codePoint = -1;
          }
        } catch (NumberFormatException e) {
          codePoint = -1;
        }
        if (!referable(codePoint)) {
          throw syntax("&" + ref + "; is not a character XML " + (xml11 ? "1.1" : "1.0") + " allows");
        }
        into.appendCodePoint(codePoint);
      }
    }
    pos = semicolon + 1;
  }

  private boolean referable(int c) {
    if (c <= 0 || c > 0x10ffff || c >= 0xd800 && c <= 0xdfff || c == 0xfffe || c == 0xffff) {
      return false;
    }
    return xml11 || c >= 0x20 || c == '\t' || c == '\n' || c == '\r';
  }

  private XmlNode.Comment comment() {
    int end = s.indexOf("--", pos + 4);
    if (end < 0) {
      throw syntax("the comment has no '-->'");
    }
    if (end + 2 >= s.length() || s.charAt(end + 2) != '>') {
      pos = end;
      throw syntax("'--' is not allowed inside a comment");
    }
    XmlNode.Comment comment = new XmlNode.Comment(s.substring(pos + 4, end));
    pos = end + 3;
    return comment;
  }

  private XmlNode.Instruction instruction() {
    pos += 2;
    String target = name("processing instruction target");
    if (target.equalsIgnoreCase("xml")) {
      throw syntax("<?xml ...?> is allowed only at the very start of the document");
    }
    int end = s.indexOf("?>", pos);
    if (end < 0) {
      throw syntax("the processing instruction <?" + target + " has no '?>'");
    }
    if (end > pos && !isSpace(s.charAt(pos))) {
      throw syntax("the processing instruction target '" + target + "' must be followed by a space or '?>'");
    }
    skipSpaces();
    String data = pos < end ? s.substring(pos, end) : "";
    pos = end + 2;
    return new XmlNode.Instruction(target, data);
  }

  // ---- namespaces ----

  /**
   * Declares a prefix (or, for "", the default namespace). A declaration the namespaces
   * recommendation forbids (of xmlns, of xml to another namespace, of anything to xmlns's
   * namespace) is ignored: libxml2, and so libvirt, reports it as a namespace error and reads on.
   * An empty one undeclares the prefix, as XML 1.1 has it (libxml2 reads XML 1.0's the same).
   */
  private void bind(String prefix, String uri) {
    if (prefix.equals("xmlns") || prefix.equals("xml") || uri.equals(XML_NAMESPACE)
        || uri.equals(XMLNS_NAMESPACE)) {
      return;
    }
    shadowedPrefixes.add(prefix);
    shadowedPresent.add(bound.containsKey(prefix));
    shadowedUris.add(bound.put(prefix, uri.isEmpty() ? null : uri));
  }

  /** Restores the bindings as they were before the declarations from {@code mark} on. */
  private void unbind(int mark) {
    for (int i = shadowedPrefixes.size() - 1; i >= mark; i--) {
      String prefix = shadowedPrefixes.remove(i);
      String uri = shadowedUris.remove(i);
      if (shadowedPresent.remove(i)) {
        bound.put(prefix, uri);
      } else {
        bound.remove(prefix);
      }
    }
  }

  /**
   * The namespace of a name as written: its prefix's, else the default one (elements only). A name
   * that breaks the namespaces recommendation (a prefix not declared, more than one ':', a ':' at
   * either end, the prefix xmlns) is in no namespace: libxml2, and so libvirt, reads it on after a
   * namespace error, and Backplane reads such an element as one it does not know.
   */
  private String namespaceOf(String name, boolean element) {
    int colon = name.indexOf(':');
    if (colon < 0) {
      return element ? bound.get("") : null;
    }
    if (colon == 0 || colon == name.length() - 1 || name.indexOf(':', colon + 1) >= 0) {
      return null;
    }
    String prefix = name.substring(0, colon);
    return prefix.equals("xml") ? XML_NAMESPACE : bound.get(prefix);
  }

  // ---- lexical pieces ----

  /** A name at {@code pos}: XML's name characters (XML 1.0 fifth edition's, as libxml2 reads). */
  private String name(String what) {
    int start = pos;
    if (pos >= s.length() || !isNameStart(s.codePointAt(pos))) {
      throw syntax("expected " + (what.startsWith("element") || what.startsWith("attribute") ? "an " : "a ")
          + what + (pos < s.length() ? " at '" + s.charAt(pos) + "'" : " before the end of the document"));
    }
    pos += Character.charCount(s.codePointAt(pos));
    while (pos < s.length() && isNameChar(s.codePointAt(pos))) {
      pos += Character.charCount(s.codePointAt(pos));
    }
    return s.substring(start, pos);
  }

  private static boolean isNameStart(int c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':'
        || c >= 0xc0 && c <= 0xd6 || c >= 0xd8 && c <= 0xf6 || c >= 0xf8 && c <= 0x2ff
        || c >= 0x370 && c <= 0x37d || c >= 0x37f && c <= 0x1fff || c == 0x200c || c == 0x200d
        || c >= 0x2070 && c <= 0x218f || c >= 0x2c00 && c <= 0x2fef || c >= 0x3001 && c <= 0xd7ff
        || c >= 0xf900 && c <= 0xfdcf || c >= 0xfdf0 && c <= 0xfffd || c >= 0x10000 && c <= 0xeffff;
  }

  private static boolean isNameChar(int c) {
    return isNameStart(c) || c == '-' || c == '.' || c >= '0' && c <= '9' || c == 0xb7
        || c >= 0x300 && c <= 0x36f || c == 0x203f || c == 0x2040;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\n' || c == '\t' || c == '\r';
  }

  /** Skips white space; whether there was any. */
  private boolean skipSpaces() {
    int start = pos;
    while (pos < s.length() && isSpace(s.charAt(pos))) {
      pos++;
    }
    return pos > start;
  }

  private void expect(String token, String message) {
    if (!s.startsWith(token, pos)) {
      throw syntax(message);
    }
    pos += token.length();
  }

  /** The line {@code at} is on (forward from the last one asked, so reading counts each line once). */
  private int line(int at) {
    if (at < lineCursor) {
      lineCursor = 0;
      lineAtCursor = 1;
    }
    for (int i = lineCursor; i < at && i < s.length(); i++) {
      if (s.charAt(i) == '\n') {
        lineAtCursor++;
      }
    }
    lineCursor = Math.max(lineCursor, Math.min(at, s.length()));
    return lineAtCursor;
  }

  private Malformed syntax(String message) {
    return new Malformed(Kind.SYNTAX, line(pos), message);
  }

  private enum Kind { SYNTAX, DOCTYPE, LIMIT }

  /** What is wrong with the document, and the line it is on. */
  private static final class Malformed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Kind kind;
    private final int line;

    Malformed(Kind kind, int line, String message) {
      super(message, null, false, false);
      this.kind = kind;
      this.line = line;
    }
  }
}
