package com.example.embedder;

import dev.backplane.adapters.libvirtxml.LibvirtDocument;
import dev.backplane.adapters.libvirtxml.LibvirtXml;
import dev.backplane.core.Backplane;
import dev.backplane.core.model.Capacity;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.InvalidDomainException;
import dev.backplane.core.model.Plan;
import dev.backplane.core.model.PlanChangeException;
import dev.backplane.core.port.in.PlanTopologyCommand;
import java.nio.file.Files;
import java.nio.file.Path;

public class Embedding {
  /** One instance for the whole application: it is immutable and thread-safe. */
  private static final Backplane BACKPLANE = Backplane.builder().build(); // plugins on the class path

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    LibvirtDocument document = LibvirtXml.read(Files.readAllBytes(file), file.toString());
    Plan plan;
    try {
      plan = BACKPLANE.plan(new PlanTopologyCommand(document.domain()));
    } catch (InvalidDomainException e) { // the input is wrong: e.element(), e.rule(), e.fix()
      System.err.println(e.getMessage());
      return;
    }
    document.write(plan, System.out); // the addressed domain XML

    Capacity nics = BACKPLANE.capacity(plan, DeviceKind.INTERFACE, "virtio");
    System.out.println(nics.count() + " more virtio NICs can be hot-plugged, the next at "
        + nics.next().map(Object::toString).orElse("-"));

    Device nic = Device.builder(DeviceKind.INTERFACE).key("hotplug-nic").type("network")
        .model("virtio").build();
    try {
      Plan grown = BACKPLANE.add(plan, nic); // every device already placed keeps its address
      System.out.println("hot-plugged at " + grown.byKey("hotplug-nic").orElseThrow().address());
      Plan back = BACKPLANE.remove(grown, "hotplug-nic");
      System.out.println("removed again: " + back.devices().equals(plan.devices()));
    } catch (PlanChangeException e) { // no free hot-pluggable slot, or something would move
      System.err.println(e.getMessage());
    }
  }
}
