package dev.backplane.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backplane.adapters.libvirtxml.LibvirtDocument;
import dev.backplane.adapters.libvirtxml.LibvirtXml;
import dev.backplane.core.Backplane;
import dev.backplane.core.diff.PlanDiff;
import dev.backplane.core.model.Address;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.InvalidDomainException;
import dev.backplane.core.model.Plan;
import dev.backplane.core.port.in.PlanTopologyCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * diff on the corpus: a device appended to a planned domain moves nothing, and a device whose
 * address is edited is reported moved.
 */
class DiffPropertiesTest {
  private static final Backplane BACKPLANE = Backplane.builder().build();

  /** Devices a manager may append; each is placed on every architecture that takes it. */
  private static final List<String> ADDITIONS = List.of(
      "<interface type='user'><model type='virtio'/></interface>",
      "<disk type='file' device='disk'><source file='/x.img'/><target dev='vdzz' bus='virtio'/></disk>",
      "<rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>",
      "<input type='tablet' bus='usb'/>",
      "<interface type='user'><model type='e1000'/></interface>",
      "<controller type='scsi' model='virtio-scsi'/>");

  @Provide
  Arbitrary<Path> corpusDomains() throws IOException {
    List<Path> cases = new ArrayList<>();
    for (String arch : List.of("x86_64", "aarch64", "ppc64", "s390x")) {
      cases.addAll(AcceptanceCorpus.accepted(arch));
    }
    return Arbitraries.of(cases);
  }

  @Provide
  Arbitrary<String> additions() {
    return Arbitraries.of(ADDITIONS);
  }

  private static Plan plan(String xml, String name) {
    LibvirtDocument document = LibvirtXml.read(xml.getBytes(StandardCharsets.UTF_8), name);
    return BACKPLANE.plan(new PlanTopologyCommand(document.domain()));
  }

  /**
   * The domain as Backplane addressed it (libvirt XML), or null when it is refused, or when the
   * addressed domain itself is: libvirt 9.0 writes five untyped serial ports back as isa-serial,
   * and refuses that when it reads it again, and so does Backplane.
   */
  private static String planned(Path input) throws IOException {
    LibvirtDocument document = LibvirtXml.read(Files.readAllBytes(input), input.toString());
    try {
      Plan plan = BACKPLANE.plan(new PlanTopologyCommand(document.domain()));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      document.write(plan, out);
      String planned = out.toString(StandardCharsets.UTF_8);
      plan(planned, input.toString());
      return planned;
    } catch (InvalidDomainException e) {
      return null;
    }
  }

  @Property(tries = 300)
  void anAppendedDeviceMovesNothing(@ForAll("corpusDomains") Path input,
      @ForAll("additions") String addition) throws IOException {
    String planned = planned(input);
    Assume.that(planned != null);
    Plan before = plan(planned, input.toString());
    Plan after;
    try {
      after = plan(planned.replace("</devices>", addition + "</devices>"), input.toString());
    } catch (InvalidDomainException e) {
      Assume.that(false); // the machine does not take this device (USB on s390x, a full bus, ...)
      return;
    }
    PlanDiff.Result diff = PlanDiff.compare(before, after);

    assertEquals(List.of(), Stream.concat(diff.devices().stream(), diff.controllers().stream())
        .filter(c -> c.change() != PlanDiff.Change.ADDED).toList(), input + " + " + addition);
    assertEquals(List.of(), diff.machine(), input.toString());
    assertEquals(true, diff.abiUnchanged());
  }

  @Property(tries = 200)
  void anEditedAddressIsAMove(@ForAll("corpusDomains") Path input, @ForAll int pick) throws IOException {
    String planned = planned(input);
    Assume.that(planned != null);
    Plan before = plan(planned, input.toString());
    List<Device> addressed = before.devices().stream()
        .filter(d -> d.qemuId() != null && edited(d.address()) != null).toList();
    Assume.that(!addressed.isEmpty());
    Device moved = addressed.get(Math.floorMod(pick, addressed.size()));
    List<Device> devices = before.devices().stream()
        .map(d -> d == moved ? d.withAddress(edited(d.address())) : d).toList();

    PlanDiff.Result diff = PlanDiff.compare(before, new Plan(before.arch(), before.machine(), devices));

    List<PlanDiff.DeviceChange> changes = new ArrayList<>(diff.devices());
    changes.addAll(diff.controllers());
    assertEquals(1, changes.size(), changes.toString());
    assertEquals(PlanDiff.Change.MOVED, changes.get(0).change());
    assertEquals(moved.qemuId(), changes.get(0).id());
    assertEquals(false, diff.abiUnchanged());
  }

  /** The address with one number changed, or null for addresses without one. */
  private static Address edited(Address address) {
    if (address instanceof Address.Pci pci) {
      return new Address.Pci(0, pci.bus(), pci.slot() ^ 1, pci.function(), pci.multifunction());
    }
    if (address instanceof Address.Drive d) {
      return new Address.Drive(d.controller(), d.bus(), d.target(), d.unit() + 1);
    }
    if (address instanceof Address.VirtioSerial p) {
      return new Address.VirtioSerial(p.controller(), p.bus(), p.port() + 1);
    }
    if (address instanceof Address.Usb usb) {
      return new Address.Usb(usb.bus(), usb.port() + "9");
    }
    if (address instanceof Address.Ccw ccw) {
      return new Address.Ccw(ccw.cssid(), ccw.ssid(), ccw.devno() ^ 1);
    }
    return null;
  }
}
