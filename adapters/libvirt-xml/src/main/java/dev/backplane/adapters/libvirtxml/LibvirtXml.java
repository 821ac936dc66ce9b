package dev.backplane.adapters.libvirtxml;

import dev.backplane.core.model.InvalidDomainException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Reads libvirt domain XML. Input is untrusted: DTDs, entities and XInclude are refused, and so
 * is any document larger than {@value #MAX_BYTES} bytes (8 MiB).
 */
public final class LibvirtXml {
  /** The largest document read, in bytes. */
  public static final int MAX_BYTES = 8 * 1024 * 1024;

  private LibvirtXml() {}

  /**
   * Reads a domain document from {@code in} (not closed), naming it {@code sourceName} in
   * messages.
   *
   * @throws InvalidDomainException when the input is too large, not well-formed, has a DTD, is not
   *     a {@code <domain>} or has an invalid device address
   * @throws IOException when {@code in} cannot be read
   */
  public static LibvirtDocument read(InputStream in, String sourceName) throws IOException {
    Objects.requireNonNull(in, "in");
    byte[] bytes = in.readNBytes(MAX_BYTES + 1);
    if (bytes.length > MAX_BYTES) {
      throw tooLarge(sourceName);
    }
    return read(bytes, sourceName);
  }

  /** Reads a domain document held in memory; see {@link #read(InputStream, String)}. */
  public static LibvirtDocument read(byte[] xml, String sourceName) {
    Objects.requireNonNull(xml, "xml");
    String name = sourceName == null || sourceName.isBlank() ? "domain XML" : sourceName;
    if (xml.length > MAX_BYTES) {
      throw tooLarge(name);
    }
    return new LibvirtDocument(name, xml); // parsed at once: later changes to xml do not reach it
  }

  private static InvalidDomainException tooLarge(String sourceName) {
    return new InvalidDomainException(sourceName == null ? "domain XML" : sourceName,
        "the document is larger than the 8 MiB (" + MAX_BYTES + " bytes) limit",
        "pass a single libvirt domain XML document; real ones are a few KiB");
  }
}
