package dev.backplane.core;

import dev.backplane.core.model.Address;
import dev.backplane.core.model.Capacity;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.Domain;
import dev.backplane.core.model.InvalidDomainException;
import dev.backplane.core.model.Plan;
import dev.backplane.core.model.PlanChangeException;
import dev.backplane.core.plan.Planner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Changes a plan as hot-plug does: the plan's devices go back to the planner with the addresses
 * they have, the new ones are placed around them, and the result is refused when anything placed
 * moved or when a new device needs what cannot be hot-plugged.
 */
final class PlanChanges {
  /** PCI controllers whose slots take hot-plugged devices (unless {@code hotplug='off'}). */
  private static final Set<String> HOTPLUG_BUSES = Set.of(
      "pci-root", "pci-bridge", "pcie-root-port", "pcie-switch-downstream-port", "pcie-to-pci-bridge");
  /** Marks the plan's own devices while they are planned again; never leaves this class. */
  private static final String TAG = "\u0000planned-";

  private PlanChanges() {}

  static Plan add(Plan plan, List<Device> devices) {
    List<String> described = devices.stream().map(Device::describe).toList();
    for (Device d : devices) {
      if (d.key() != null && plan.byKey(d.key()).isPresent()) {
        throw new PlanChangeException(d.describe(), "the plan already has a device with key " + d.key(),
            "give the new device a key of its own", described, null);
      }
    }
    List<Device> domain = tagged(plan.devices());
    domain.addAll(devices);
    Plan planned;
    try {
      planned = new Planner(plan.machine()).plan(
          new Domain(plan.arch(), plan.machine().name(), domain, plan.features()));
    } catch (InvalidDomainException e) {
      throw new PlanChangeException(e.element(), e.rule(), e.fix(), described, e);
    }
    return merge(plan, planned, described, "adding");
  }

  static Plan remove(Plan plan, List<String> keys) {
    Set<String> gone = new HashSet<>(keys);
    for (String key : keys) {
      if (plan.byKey(key).isEmpty()) {
        throw new PlanChangeException("key " + key, "the plan has no device with this key",
            "name a device of the plan (Device#key)", keys, null);
      }
    }
    // users know the devices by their elements, not by the keys the reader gave them
    List<String> described = keys.stream().map(k -> plan.byKey(k).orElseThrow().describe()).toList();
    List<Device> kept = new ArrayList<>();
    for (Device d : tagged(plan.devices())) {
      Device original = plan.devices().get(indexOf(d));
      if (original.key() == null || !gone.contains(original.key())) {
        kept.add(d);
      }
    }
    Plan planned;
    try {
      planned = new Planner(plan.machine()).plan(
          new Domain(plan.arch(), plan.machine().name(), kept, plan.features()));
    } catch (InvalidDomainException e) { // a device left behind needs what was removed
      throw new PlanChangeException(e.element(), "without " + described + ": " + e.rule(), e.fix(), described, e);
    }
    for (Device d : planned.devices()) {
      if (d.key() == null || !d.key().startsWith(TAG)) {
        throw new PlanChangeException(d.describe(), "without " + described + " the planner adds this device"
            + " again (a default of the machine, or a controller a device left needs)", "keep " + described,
            described, null);
      }
    }
    return merge(plan, planned, described, "removing");
  }

  static Capacity capacity(Plan plan, DeviceKind kind, String model) {
    Plan current = plan;
    Address next = null;
    for (int count = 0; count < Capacity.MAX; count++) {
      Device device = template(current, kind, model);
      Plan grown;
      try {
        grown = add(current, List.of(device));
      } catch (PlanChangeException e) {
        return new Capacity(kind, model, count, Optional.ofNullable(next), Optional.of(e.getMessage()));
      }
      if (next == null) {
        next = grown.byKey(device.key()).map(Device::address).orElse(null);
      }
      current = grown;
    }
    return new Capacity(kind, model, Capacity.MAX, Optional.ofNullable(next), Optional.empty());
  }

  /**
   * One device of {@code kind} whose catalog key ({@link Device#catalogKey()}) is {@code model}:
   * {@code TYPE[/MODEL]} for a controller, {@code BUS[/DEVICE]} for a disk (a disk by default,
   * with the first free target name of its bus), {@code BUS/TYPE} for an input, the model for the
   * others.
   */
  static Device template(Plan plan, DeviceKind kind, String model) {
    String[] parts = model.split("/", 2);
    Device.Builder b = Device.builder(kind).key(TAG + "capacity-" + plan.devices().size());
    switch (kind) {
      case CONTROLLER -> b.type(parts[0]).model(parts.length > 1 ? parts[1] : null);
      case DISK -> b.bus(parts[0]).type(parts.length > 1 ? parts[1] : "disk").target(freeTarget(plan, parts[0]));
      case INPUT -> b.bus(parts[0]).type(parts.length > 1 ? parts[1] : null);
      case SERIAL, CONSOLE, CHANNEL, PARALLEL -> b.attribute(Device.TARGET_TYPE, model);
      case HOSTDEV, HUB -> b.type(model);
      case REDIRDEV -> b.bus(model).type("spicevmc");
      case SMARTCARD -> b.attribute(Device.MODE, model);
      default -> b.model(model);
    }
    Device device = b.build();
    if (!device.catalogKey().equals(model) && !(kind == DeviceKind.DISK && parts.length == 1)) {
      throw new IllegalArgumentException(kind.element() + " model '" + model + "' reads as '"
          + device.catalogKey() + "'");
    }
    return device;
  }

  private static String freeTarget(Plan plan, String bus) {
    String prefix = switch (bus) {
      case "virtio" -> "vd";
      case "ide" -> "hd";
      case "fdc" -> "fd";
      default -> "sd";
    };
    Set<String> taken = new HashSet<>();
    plan.of(DeviceKind.DISK).forEach(d -> taken.add(d.target()));
    for (int i = 0; ; i++) {
      String name = prefix + letters(i);
      if (!taken.contains(name)) {
        return name;
      }
    }
  }

  private static String letters(int index) {
    return index < 26 ? String.valueOf((char) ('a' + index))
        : letters(index / 26 - 1) + (char) ('a' + index % 26);
  }

  private static int indexOf(Device tagged) {
    return Integer.parseInt(tagged.key().substring(TAG.length()));
  }

  /** The plan's devices, each keyed by its place in the plan so that it can be found again. */
  private static List<Device> tagged(List<Device> devices) {
    List<Device> tagged = new ArrayList<>();
    for (int i = 0; i < devices.size(); i++) {
      tagged.add(devices.get(i).toBuilder().key(TAG + i).build());
    }
    return tagged;
  }

  /**
   * {@code planned} with the old devices as they were (function 0 of a slot may gain
   * multifunction='on'), after checking that none moved and that every new device can be
   * hot-plugged where it went.
   */
  private static Plan merge(Plan old, Plan planned, List<String> change, String verb) {
    Map<Integer, Device> pciBuses = new HashMap<>();
    Set<String> oldSlots = new HashSet<>();
    for (Device d : old.devices()) {
      if (d.isController("pci")) {
        pciBuses.put(d.index(), d);
      }
      d.pciAddress().ifPresent(p -> oldSlots.add(p.bus() + ":" + p.slot()));
    }
    for (Device now : planned.devices()) {
      if (now.isController("pci") && !isOld(now)) {
        throw new PlanChangeException(now.describe(), verb + " " + change + " needs a new PCI controller,"
            + " which cannot be hot-plugged: no free hot-pluggable slot is left",
            "add spare root ports or bridges to the domain before it starts", change, null);
      }
    }
    List<Device> merged = new ArrayList<>();
    for (Device now : planned.devices()) {
      String key = now.key();
      if (isOld(now)) {
        Device before = old.devices().get(indexOf(now));
        if (!sameAddress(before.address(), now.address()) || !Objects.equals(before.index(), now.index())) {
          throw new PlanChangeException(before.describe(), verb + " " + change + " would move it from "
              + before.address() + " to " + now.address(), "", change, null);
        }
        merged.add(before.withAddress(now.address()));
        continue;
      }
      if (now.pciAddress().isPresent()) {
        Address.Pci at = now.pciAddress().get();
        Device bus = pciBuses.get(at.bus());
        if (bus == null || !HOTPLUG_BUSES.contains(bus.model()) || "off".equals(bus.attribute(Device.HOTPLUG))) {
          throw new PlanChangeException(now.describe(), verb + " " + change + " would put it at " + at
              + ", on " + (bus == null ? "a new bus" : bus.describe()) + ", which takes no hot-plugged device",
              "add spare root ports or bridges to the domain before it starts", change, null);
        }
        if (oldSlots.contains(at.bus() + ":" + at.slot())) {
          throw new PlanChangeException(now.describe(), verb + " " + change + " would put it at " + at
              + ", a function of a slot in use; a slot is hot-plugged whole", "", change, null);
        }
      }
      merged.add(now);
    }
    return new Plan(planned.arch(), planned.machine(), freshIds(old, merged), planned.features());
  }

  /**
   * New devices whose QEMU id an old device has (ids count devices of a kind, and the old ones keep
   * theirs) get the next free number instead, as libvirt names a hot-plugged device.
   */
  private static List<Device> freshIds(Plan old, List<Device> merged) {
    Set<Device> olds = new HashSet<>(old.devices());
    Set<String> used = new HashSet<>();
    merged.stream().filter(olds::contains).map(Device::qemuId).filter(Objects::nonNull).forEach(used::add);
    List<Device> result = new ArrayList<>();
    for (Device d : merged) {
      String id = d.qemuId();
      if (olds.contains(d) || id == null || !used.contains(id) || !id.matches("[a-z]+[0-9]+")) {
        result.add(d);
        if (id != null) {
          used.add(id);
        }
        continue;
      }
      String prefix = id.replaceAll("[0-9]+$", "");
      int n = 0;
      while (used.contains(prefix + n)) {
        n++;
      }
      used.add(prefix + n);
      result.add(d.toBuilder().qemuId(prefix + n).build());
    }
    return result;
  }

  /** A device of the plan being changed (tagged by {@link #tagged}), not a new one. */
  private static boolean isOld(Device d) {
    return d.key() != null && d.key().startsWith(TAG) && !d.key().startsWith(TAG + "capacity-");
  }

  /** Equal, or equal but for multifunction='on' gained on function 0. */
  private static boolean sameAddress(Address before, Address now) {
    if (before instanceof Address.Pci b && now instanceof Address.Pci n) {
      return b.withMultifunction(null).equals(n.withMultifunction(null))
          && (!Boolean.TRUE.equals(b.multifunction()) || Boolean.TRUE.equals(n.multifunction()));
    }
    return Objects.equals(before, now);
  }
}
