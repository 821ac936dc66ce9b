package dev.backplane.adapters.libvirtxml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backplane.core.model.InvalidDomainException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibvirtXmlSecurityTest {

  private static InvalidDomainException refused(String xml) {
    return assertThrows(InvalidDomainException.class,
        () -> LibvirtXml.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "evil.xml"));
  }

  @Test
  void refusesADoctype() {
    InvalidDomainException e = refused("<!DOCTYPE domain SYSTEM 'domain.dtd'><domain/>");

    assertTrue(e.rule().contains("DOCTYPE"), e.rule());
    assertTrue(e.element().startsWith("evil.xml"), e.element());
  }

  @Test
  void refusesAnExternalEntityWithoutReadingTheFile(@TempDir Path dir) throws IOException {
    Path secret = Files.writeString(dir.resolve("secret"), "s3cret");

    InvalidDomainException e = refused("<!DOCTYPE domain [<!ENTITY xxe SYSTEM '" + secret.toUri()
        + "'>]><domain><name>&xxe;</name></domain>");

    assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
  }

  @Test
  void refusesBillionLaughs() {
    StringBuilder dtd = new StringBuilder("<!DOCTYPE domain [<!ENTITY lol0 'lol'>");
    for (int i = 1; i < 10; i++) {
      dtd.append("<!ENTITY lol").append(i).append(" '")
          .append(("&lol" + (i - 1) + ";").repeat(10)).append("'>");
    }

    InvalidDomainException e = refused(dtd + "]><domain><name>&lol9;</name></domain>");

    assertTrue(e.rule().contains("DOCTYPE"), e.rule());
  }

  @Test
  void leavesXIncludeAsAnOrdinaryElement() {
    LibvirtDocument document = LibvirtXml.read(("<domain xmlns:xi='http://www.w3.org/2001/XInclude'>"
        + "<xi:include href='file:///etc/passwd' parse='text'/><os><type>hvm</type></os></domain>").getBytes(StandardCharsets.UTF_8), "x.xml");

    assertEquals("xi:include", ((XmlElement) document.dom().root().children().get(0)).name());
  }

  @Test
  void refusesInputLargerThan8MiBWhileReading() {
    InputStream endless = new InputStream() {
      private long served;

      @Override
      public int read() {
        return served++ < 64L * 1024 * 1024 ? ' ' : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        Arrays.fill(b, off, off + len, (byte) ' ');
        served += len;
        return len;
      }
    };

    InvalidDomainException e = assertThrows(InvalidDomainException.class,
        () -> LibvirtXml.read(endless, "big.xml"));

    assertEquals("big.xml", e.element());
    assertTrue(e.rule().contains("8 MiB"), e.rule());
  }

  @Test
  void acceptsInputOfExactly8MiB() throws IOException {
    byte[] xml = new byte[LibvirtXml.MAX_BYTES];
    Arrays.fill(xml, (byte) ' ');
    byte[] domain = "<domain><os><type>hvm</type></os></domain>".getBytes(StandardCharsets.UTF_8);
    System.arraycopy(domain, 0, xml, 0, domain.length);

    assertTrue(LibvirtXml.read(new ByteArrayInputStream(xml), "full.xml").domain().devices().isEmpty());
  }
}
