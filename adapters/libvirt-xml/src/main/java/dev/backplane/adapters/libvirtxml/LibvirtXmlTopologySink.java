package dev.backplane.adapters.libvirtxml;

import dev.backplane.core.model.Plan;
import dev.backplane.core.port.out.TopologySink;
import java.io.IOException;
import java.io.OutputStream;

/** Writes a plan as the user's libvirt document with addresses filled in. */
final class LibvirtXmlTopologySink implements TopologySink {
  private final LibvirtDocument document;
  private final OutputStream out;

  LibvirtXmlTopologySink(LibvirtDocument document, OutputStream out) {
    this.document = document;
    this.out = out;
  }

  @Override
  public void write(Plan plan) throws IOException {
    document.write(plan, out);
  }
}
