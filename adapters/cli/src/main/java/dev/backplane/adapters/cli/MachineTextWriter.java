package dev.backplane.adapters.cli;

import dev.backplane.spi.DeviceDefaults;
import dev.backplane.spi.ImplicitDevice;
import dev.backplane.spi.MachineDescription;
import dev.backplane.spi.RootBus;
import dev.backplane.spi.SlotReservation;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Writes a machine description as a readable listing; same content as the JSON form. */
final class MachineTextWriter {

  @Inject
  MachineTextWriter() {}

  void write(MachineDescription d, PrintStream out) {
    out.println(d.name() + " (" + d.arch() + ", family " + d.family() + ")");
    out.println("aliases:           " + (d.aliases().isEmpty() ? "-" : String.join(", ", d.aliases())));
    out.println("virtio transport:  " + d.virtioTransport().label()
        + (d.multipleRoots() ? ", more PCI roots may be added" : ""));

    out.println("root buses:");
    for (RootBus bus : d.rootBuses()) {
      out.println("  " + pad(bus.name(), 16) + pad(bus.kind().label(), 12)
          + bus.controllerModel().map(m -> pad(m, 12)
              + "slots " + hex2(bus.firstSlot()) + ".." + hex2(bus.lastSlot())).orElse("")
          + bus.transports().map(n -> n + " transports").orElse(""));
    }
    section(out, "implicit devices:", d.implicitDevices().stream().map(i ->
        pad(i.qemuType(), 16) + pad(i.bus(), 12) + pad(pci(i), 6)
            + i.controllerType().map(c -> "is controller " + c).orElse("")).toList());
    section(out, "reserved functions:", d.reservations().stream().map(this::reservation).toList());
    section(out, "preferred slots:", d.preferredSlots().stream().map(p ->
        pad(p.role().label(), 20) + p.slots().stream().map(MachineTextWriter::hex2)
            .collect(Collectors.joining(", "))).toList());
    section(out, "PCI controller models:",
        List.of(String.join(", ", new TreeSet<>(d.pciControllerModels()))).stream()
            .filter(s -> !s.isEmpty()).toList());
    section(out, "connections:", new TreeSet<>(d.connections().keySet()).stream()
        .map(k -> pad(k, 20) + d.connections().get(k).label()).toList());
    section(out, "defaults:", defaults(d.defaults()));
  }

  private String reservation(SlotReservation r) {
    String s = hex2(r.slot()) + "." + r.function() + "  " + r.reason();
    if (r.controllerType().isPresent()) {
      s += " (controller " + r.controllerType().get()
          + (r.controllerModels().isEmpty() ? "" : ", models " + r.controllerModels().stream()
              .map(m -> m.isEmpty() ? "(none given)" : m).collect(Collectors.joining(", ")))
          + ")";
    }
    return s;
  }

  private static List<String> defaults(DeviceDefaults d) {
    List<String> lines = new ArrayList<>();
    add(lines, "usb controller", d.usbController());
    add(lines, "usb model", d.usbModel());
    lines.add(pad("memballoon", 20) + (d.memballoon() ? "added" : "not added"));
    lines.add(pad("ps2 inputs", 20) + (d.ps2Inputs() ? "added" : "not added"));
    if (!d.controllers().isEmpty()) {
      lines.add(pad("controllers", 20) + String.join(", ", d.controllers()));
    }
    add(lines, "panic model", d.panicModel());
    add(lines, "nic model", d.nicModel());
    add(lines, "video model", d.videoModel());
    if (!d.secondaryVideoModels().isEmpty()) {
      lines.add(pad("secondary videos", 20) + String.join(", ", d.secondaryVideoModels()));
    }
    add(lines, "scsi model", d.scsiModel());
    add(lines, "serial target", d.serialTarget());
    return lines;
  }

  private static void add(List<String> lines, String label, Optional<String> value) {
    value.ifPresent(v -> lines.add(pad(label, 20) + v));
  }

  private static void section(PrintStream out, String title, List<String> lines) {
    if (lines.isEmpty()) {
      out.println(title + " none");
      return;
    }
    out.println(title);
    lines.forEach(line -> out.println("  " + line.stripTrailing()));
  }

  private static String pci(ImplicitDevice i) {
    return i.slot().isPresent() ? hex2(i.slot().getAsInt()) + "." + i.function().getAsInt() : "";
  }

  private static String hex2(int value) {
    return String.format("%02x", value);
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
  }
}
