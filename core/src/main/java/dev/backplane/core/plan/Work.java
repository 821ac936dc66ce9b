package dev.backplane.core.plan;

import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.Explanation;
import dev.backplane.core.model.PlanRule;
import dev.backplane.spi.DeviceModel;
import dev.backplane.spi.MachineDescription;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * The domain being planned: one list per device kind, in libvirt's list order. Disks and
 * controllers are ordered as libvirt inserts them when parsing; devices added later are appended.
 */
final class Work {
  /**
   * libvirt's generic device walk (the order in which it visits devices when it numbers CCW
   * devnos or zPCI ids), which is not the list order of {@link DeviceKind}.
   */
  static final List<DeviceKind> DEVICE_WALK = List.of(DeviceKind.DISK, DeviceKind.INTERFACE,
      DeviceKind.SOUND, DeviceKind.HOSTDEV, DeviceKind.VIDEO, DeviceKind.CONTROLLER,
      DeviceKind.SMARTCARD, DeviceKind.SERIAL, DeviceKind.PARALLEL, DeviceKind.CHANNEL,
      DeviceKind.CONSOLE, DeviceKind.INPUT, DeviceKind.FILESYSTEM, DeviceKind.WATCHDOG,
      DeviceKind.MEMBALLOON, DeviceKind.RNG, DeviceKind.NVRAM, DeviceKind.HUB, DeviceKind.REDIRDEV,
      DeviceKind.SHMEM, DeviceKind.TPM, DeviceKind.MEMORY, DeviceKind.IOMMU, DeviceKind.VSOCK,
      DeviceKind.CRYPTO, DeviceKind.PANIC);

  final MachineDescription machine;
  /** Whether decisions are recorded ({@link #why}); when not, recording costs a branch. */
  final boolean explain;
  /**
   * The empty hot-pluggable ports libvirt's placement keeps ({@code --hotplug-reserve}); empty for
   * libvirt's own rule (one spare root port when it adds root ports to a domain without any).
   */
  java.util.OptionalInt hotplugReserve = java.util.OptionalInt.empty();
  private final Map<DeviceKind, List<Device>> lists = new EnumMap<>(DeviceKind.class);
  private final Map<DeviceKind, Map<String, Optional<DeviceModel>>> models = new EnumMap<>(DeviceKind.class);

  Work(MachineDescription machine, List<Device> documentOrder, boolean explain) {
    this.machine = machine;
    this.explain = explain;
    for (DeviceKind kind : DeviceKind.values()) {
      lists.put(kind, new ArrayList<>());
    }
    Map<String, Integer> highestController = new HashMap<>();
    Map<String, Integer> highestDisk = new HashMap<>();
    for (Device d : documentOrder) {
      switch (d.kind()) {
        case CONTROLLER -> insert(d, Device::type, c -> c.index() == null ? -1 : c.index(),
            c -> modelOf(c).map(DeviceModel::isCompanion).orElse(false), highestController);
        case DISK -> insert(d, Device::bus, disk -> DiskNames.index(disk.target()), disk -> false, highestDisk);
        case VIDEO -> lists.get(d.kind()).add(isPrimaryVideo(d) ? 0 : lists.get(d.kind()).size(), d);
        default -> lists.get(d.kind()).add(d);
      }
    }
  }

  /**
   * libvirt's insertion: after the last same-group device with a lower or equal order key (always
   * there for a key of -1), else at the end; but a device that is no companion goes before the
   * companions of its own key (a USB set master before its UHCI companions, which libvirt gives a
   * {@code <master>} when it parses them). {@code highest} keeps each group's highest key, so that
   * the usual domain, written in order, takes one short look back per device instead of a walk
   * over the whole list.
   */
  private void insert(Device d, Function<Device, String> group, ToIntFunction<Device> order,
      Predicate<Device> companion, Map<String, Integer> highest) {
    List<Device> list = lists.get(d.kind());
    String dGroup = group.apply(d);
    int dOrder = order.applyAsInt(d);
    Integer groupHighest = highest.get(dGroup);
    highest.put(dGroup, groupHighest == null ? dOrder : Math.max(groupHighest, dOrder));
    int insertAt = -1;
    boolean last = groupHighest != null && (dOrder == -1 || groupHighest < dOrder
        || groupHighest == dOrder && companion.test(d));
    if (last) {
      for (int i = list.size() - 1; i >= 0 && insertAt == -1; i--) {
        if (Objects.equals(group.apply(list.get(i)), dGroup)) {
          insertAt = i + 1;
        }
      }
    } else if (groupHighest != null) {
      for (int i = list.size() - 1; i >= 0; i--) {
        Device current = list.get(i);
        if (!Objects.equals(group.apply(current), dGroup)) {
          continue;
        }
        int currentOrder = order.applyAsInt(current);
        if (currentOrder > dOrder || currentOrder == dOrder && companion.test(current) && !companion.test(d)) {
          insertAt = i;
        } else if (insertAt == -1) {
          insertAt = i + 1;
        }
      }
    }
    list.add(insertAt == -1 ? list.size() : insertAt, d);
  }

  static boolean isPrimaryVideo(Device video) {
    return "yes".equals(video.attribute(Device.PRIMARY));
  }

  /**
   * {@code d}'s model in the machine's catalog ({@link Device#modelIn}), looked up once per kind and
   * catalog key in a plan: the planner asks for the same few models again and again.
   */
  Optional<DeviceModel> modelOf(Device d) {
    Map<String, Optional<DeviceModel>> ofKind = models.computeIfAbsent(d.kind(), k -> new HashMap<>());
    String key = d.catalogKey();
    Optional<DeviceModel> model = ofKind.get(key);
    if (model == null) {
      model = machine.devices().find(d.kind().element(), key);
      ofKind.put(key, model);
    }
    return model;
  }

  List<Device> list(DeviceKind kind) {
    return lists.get(kind);
  }

  /** Appends a device Backplane adds. */
  Device add(Device d) {
    Device added = d.toBuilder().added(true).build();
    lists.get(d.kind()).add(added);
    return added;
  }

  /** Appends a device Backplane adds by {@code rule}, explained when explaining. */
  Device add(Device d, PlanRule rule, Object... values) {
    return add(explain ? record(d, rule, values) : d);
  }

  /** {@code d} with one more reason when explaining, else {@code d} itself. */
  Device why(Device d, PlanRule rule, Object a) {
    return explain ? record(d, rule, a) : d;
  }

  Device why(Device d, PlanRule rule, Object a, Object b) {
    return explain ? record(d, rule, a, b) : d;
  }

  Device why(Device d, PlanRule rule, Object a, Object b, Object c) {
    return explain ? record(d, rule, a, b, c) : d;
  }

  private static Device record(Device d, PlanRule rule, Object... values) {
    return d.toBuilder().explanation(d.explanation().with(Explanation.Reason.of(rule, values))).build();
  }

  /** Adds a reason to device {@code i} of {@code kind} when explaining. */
  void explainAt(DeviceKind kind, int i, PlanRule rule, Object... values) {
    if (explain) {
      List<Device> list = lists.get(kind);
      list.set(i, record(list.get(i), rule, values));
    }
  }

  void set(DeviceKind kind, int i, Device d) {
    lists.get(kind).set(i, d);
  }

  /** The controllers of {@code type}, in list order (a loop, not a stream: it runs many times a plan). */
  List<Device> controllers(String type) {
    List<Device> found = new ArrayList<>();
    for (Device c : lists.get(DeviceKind.CONTROLLER)) {
      if (Objects.equals(c.type(), type)) {
        found.add(c);
      }
    }
    return found;
  }

  /** The highest index of the controllers of {@code type}; 0 when there are none. */
  int highestIndex(String type) {
    int highest = 0;
    for (Device c : lists.get(DeviceKind.CONTROLLER)) {
      if (Objects.equals(c.type(), type) && c.index() != null) {
        highest = Math.max(highest, c.index());
      }
    }
    return highest;
  }

  boolean hasController(String type, int index) {
    for (Device c : lists.get(DeviceKind.CONTROLLER)) {
      if (Objects.equals(c.type(), type) && c.index() != null && c.index() == index) {
        return true;
      }
    }
    return false;
  }

  /** Every device, kinds in libvirt's order: a copy. */
  List<Device> all() {
    int size = 0;
    for (List<Device> list : lists.values()) {
      size += list.size();
    }
    List<Device> all = new ArrayList<>(size);
    lists.values().forEach(all::addAll);
    return all;
  }

  /**
   * Every device, kinds in libvirt's order, without a copy: for loops that add or remove no device
   * while they run (replacing one, {@link #set}, is allowed).
   */
  Iterable<Device> each() {
    return () -> new Iterator<>() {
      private final Iterator<List<Device>> kinds = lists.values().iterator();
      private List<Device> list = List.of();
      private int next;

      @Override
      public boolean hasNext() {
        while (next == list.size()) {
          if (!kinds.hasNext()) {
            return false;
          }
          list = kinds.next();
          next = 0;
        }
        return true;
      }

      @Override
      public Device next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return list.get(next++);
      }
    };
  }

  /** By index, none first (not from Comparator's factories: see PluginRegistry). */
  static Comparator<Device> byIndex() {
    return (a, b) -> Integer.compare(a.index() == null ? -1 : a.index(),
        b.index() == null ? -1 : b.index());
  }
}
