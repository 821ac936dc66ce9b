package dev.backplane.adapters.cli;

import dev.backplane.adapters.qmp.ProbeResult;
import dev.backplane.adapters.qmp.SkippedMachine;
import dev.backplane.core.model.MachineOptionException;
import dev.backplane.core.port.out.CapabilitySource;
import dev.backplane.spi.ImplicitDevice;
import dev.backplane.spi.MachineDescription;
import dev.backplane.spi.MachineRequest;
import dev.backplane.spi.MachineType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the built-in plugins know about an architecture against what a QEMU binary builds:
 * machine types added or removed, and per common machine type the root buses (name and kind)
 * and implicit PCI devices (type, bus, slot, function), also with each layout option off; and
 * the binary's device types ({@code -device help}) against each plugin's device list.
 */
record DriftReport(List<String> findings, List<String> notes) {
  /** The layout options compared with {@code =off}. */
  private static final List<String> OPTIONS = List.of("sata", "smbus");

  boolean hasDrift() {
    return !findings.isEmpty();
  }

  static DriftReport compare(CapabilitySource builtIn, ProbeResult probed) {
    String arch = probed.arch();
    CapabilitySource qemu = probed.capabilitySource();
    Set<String> known = new TreeSet<>();
    builtIn.machineTypes().stream().filter(t -> t.arch().equals(arch)).map(MachineType::name)
        .forEach(known::add);
    Set<String> skipped = new TreeSet<>();
    List<String> notes = new ArrayList<>();
    for (SkippedMachine s : probed.skipped()) {
      skipped.add(s.name());
      notes.add("not checked: " + s.name() + " (" + s.reason() + ")");
    }
    Set<String> inQemu = new TreeSet<>(probed.qemuMachines());
    inQemu.remove("none"); // the empty board is no machine type to plan for

    List<String> findings = new ArrayList<>();
    Map<Set<String>, Set<String>> deviceLists = new LinkedHashMap<>(); // device list -> families
    for (String name : inQemu) {
      if (!known.contains(name)) {
        findings.add("added: " + name + " (QEMU has it; no plugin describes it)");
      }
    }
    for (String name : known) {
      if (!inQemu.contains(name)) {
        findings.add("removed: " + name + " (a plugin describes it; QEMU does not have it)");
      }
    }
    for (String name : known) {
      if (!inQemu.contains(name) || skipped.contains(name)) {
        continue;
      }
      compare(builtIn, qemu, arch, name, "", findings);
      describe(builtIn, MachineRequest.of(arch, name)).ifPresent(d ->
          deviceLists.computeIfAbsent(d.qemuDevices(), k -> new TreeSet<>()).add(d.family()));
      for (String option : OPTIONS) {
        compare(builtIn, qemu, arch, name, "," + option + "=off", findings);
      }
    }
    deviceLists.forEach((devices, families) ->
        compareDevices(devices, families, probed.qemuDevices(), findings));
    return new DriftReport(findings, notes);
  }

  /** One finding per difference in the device lists, not one per machine type that shares it. */
  private static void compareDevices(Set<String> ours, Set<String> families, Set<String> theirs,
      List<String> findings) {
    if (ours.isEmpty()) {
      return; // the plugin does not say: nothing to compare
    }
    Set<String> added = new TreeSet<>(theirs);
    added.removeAll(ours);
    Set<String> removed = new TreeSet<>(ours);
    removed.removeAll(theirs);
    if (!added.isEmpty()) {
      findings.add("devices added: " + added + " (QEMU has them; the device list of " + families
          + " does not)");
    }
    if (!removed.isEmpty()) {
      findings.add("devices removed: " + removed + " (the device list of " + families
          + " has them; QEMU does not)");
    }
  }

  private static void compare(CapabilitySource builtIn, CapabilitySource qemu, String arch,
      String name, String options, List<String> findings) {
    MachineRequest request = MachineRequest.parse(arch, name + options);
    Optional<MachineDescription> ours = describe(builtIn, request);
    Optional<MachineDescription> theirs = describe(qemu, request);
    if (ours.isEmpty() && theirs.isEmpty()) {
      return; // neither has the option
    }
    if (ours.isEmpty() || theirs.isEmpty()) {
      findings.add("changed: " + name + options + ": " + (ours.isEmpty()
          ? "QEMU drops implicit devices with it; the plugin refuses the option"
          : "the plugin accepts it; it changes nothing in QEMU's layout"));
      return;
    }
    List<String> ourRoots = ours.get().rootBuses().stream()
        .map(b -> b.name() + " (" + b.kind().label() + ")").sorted().toList();
    List<String> theirRoots = theirs.get().rootBuses().stream()
        .map(b -> b.name() + " (" + b.kind().label() + ")").sorted().toList();
    if (!ourRoots.equals(theirRoots)) {
      findings.add("changed: " + name + options + ": root buses: plugin " + ourRoots + ", QEMU "
          + theirRoots);
    }
    List<String> ourDevices = devices(ours.get());
    List<String> theirDevices = devices(theirs.get());
    if (!ourDevices.equals(theirDevices)) {
      findings.add("changed: " + name + options + ": implicit PCI devices: plugin " + ourDevices
          + ", QEMU " + theirDevices);
    }
  }

  private static Optional<MachineDescription> describe(CapabilitySource source, MachineRequest request) {
    try {
      return source.describe(request);
    } catch (MachineOptionException | IllegalArgumentException e) { // the option is refused
      return Optional.empty();
    }
  }

  private static List<String> devices(MachineDescription d) {
    return d.implicitDevices().stream().filter(ImplicitDevice::hasPciAddress)
        .map(i -> String.format("%s@%s:%02x.%d", i.qemuType(), i.bus(), i.slot().getAsInt(),
            i.function().getAsInt()))
        .sorted().toList();
  }
}
