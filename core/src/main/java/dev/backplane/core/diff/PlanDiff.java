package dev.backplane.core.diff;

import dev.backplane.spi.Experimental;
import dev.backplane.core.model.Address;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.Plan;
import dev.backplane.spi.MachineDescription;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What changes between two plans, as a guest would see it: devices and controllers that moved,
 * were added or removed, or changed model, and what differs in the machines themselves (the
 * devices QEMU builds in, the root buses, reserved and preferred slots, defaults, ...).
 *
 * <p>A device is the same device in both plans when it has the same kind and QEMU id ({@code
 * net0}, {@code virtio-disk0}); a controller when it has the same type and index. QEMU ids follow
 * document order per kind, so a device appended to a domain keeps every other device's id.
 */
@Experimental(since = "2026-11-30")
public final class PlanDiff {
  private PlanDiff() {}

  /** One device or controller that is not the same in both plans. */
  public record DeviceChange(Change change, String id, String what, Address before, Address after) {}

  /** How a device changed. */
  public enum Change {
    /** At another address in the new plan. */
    MOVED,
    /** Only in the new plan. */
    ADDED,
    /** Only in the old plan. */
    REMOVED,
    /** At the same address, with another model. */
    MODEL_CHANGED;

    /**
     * {@return whether the guest sees hardware it already had change (an addition keeps what it had)}
     */
    public boolean breaksAbi() {
      return this != ADDED;
    }
  }

  /** One machine-level fact that differs: {@code field} as the machine JSON names it. */
  public record MachineChange(String field, String before, String after, boolean breaksAbi) {}

  /** The differences between two plans, in plan order. */
  public record Result(String machineBefore, String machineAfter, List<MachineChange> machine,
      List<DeviceChange> controllers, List<DeviceChange> devices) {
    /**
     * Copies the changes.
     *
     * @param machineBefore the canonical machine of the old plan
     * @param machineAfter the canonical machine of the new plan
     * @param machine how the machines differ (root buses, built-in devices)
     * @param controllers the controllers that changed
     * @param devices the other devices that changed
     */
    public Result {
      machine = List.copyOf(machine);
      controllers = List.copyOf(controllers);
      devices = List.copyOf(devices);
    }

    /**
     * {@return true when no device the guest had moved, went away or changed model, nor did the machine's own hardware}
     */
    public boolean abiUnchanged() {
      return machine.stream().noneMatch(MachineChange::breaksAbi)
          && controllers.stream().noneMatch(c -> c.change().breaksAbi())
          && devices.stream().noneMatch(d -> d.change().breaksAbi());
    }
  }

  /**
   * {@return what changed from {@code before} to {@code after}, device by device}
   *
   * @param before the old plan
   * @param after the new plan
   */
  public static Result compare(Plan before, Plan after) {
    return new Result(before.machine().name(), after.machine().name(),
        machine(before.machine(), after.machine()),
        changes(before.controllers(), after.controllers(), c -> c.type() + " " + c.index()),
        changes(others(before), others(after), d -> d.kind().element() + " " + d.qemuId()));
  }

  private static List<Device> others(Plan plan) {
    return plan.devices().stream()
        .filter(d -> d.kind() != DeviceKind.CONTROLLER && d.qemuId() != null).toList();
  }

  private static List<DeviceChange> changes(List<Device> before, List<Device> after,
      Function<Device, String> identity) {
    Map<String, Device> old = index(before, identity);
    Map<String, Device> now = index(after, identity);
    List<DeviceChange> changes = new ArrayList<>();
    for (Map.Entry<String, Device> entry : old.entrySet()) {
      Device was = entry.getValue();
      Device is = now.get(entry.getKey());
      if (is == null) {
        changes.add(change(Change.REMOVED, was, was.address(), null));
      } else if (!Objects.equals(was.model(), is.model())) {
        changes.add(change(Change.MODEL_CHANGED, is, was.address(), is.address()));
      } else if (!Objects.equals(place(was.address()), place(is.address()))) {
        changes.add(change(Change.MOVED, is, was.address(), is.address()));
      }
    }
    for (Map.Entry<String, Device> entry : now.entrySet()) {
      if (!old.containsKey(entry.getKey())) {
        changes.add(change(Change.ADDED, entry.getValue(), null, entry.getValue().address()));
      }
    }
    return changes;
  }

  private static DeviceChange change(Change change, Device device, Address before, Address after) {
    String what = device.kind() == DeviceKind.CONTROLLER
        ? device.type() + (device.model() == null ? "" : " " + device.model())
        : device.kind().element() + (device.model() == null ? "" : " " + device.model());
    return new DeviceChange(change, device.qemuId() != null ? device.qemuId() : device.describe(),
        what, before, after);
  }

  private static Map<String, Device> index(List<Device> devices, Function<Device, String> identity) {
    Map<String, Device> map = new LinkedHashMap<>();
    for (Device device : devices) {
      String id = identity.apply(device);
      for (int n = 2; map.containsKey(id); n++) { // a repeated identity counts in plan order
        id = identity.apply(device) + " #" + n;
      }
      map.put(id, device);
    }
    return map;
  }

  /** The machine facts that differ; root buses and built-in devices are what the guest sees. */
  static List<MachineChange> machine(MachineDescription before, MachineDescription after) {
    List<MachineChange> changes = new ArrayList<>();
    compare(changes, "family", before.family(), after.family(), false);
    compare(changes, "rootBuses", before.rootBuses(), after.rootBuses(), true);
    compare(changes, "implicitDevices", before.implicitDevices(), after.implicitDevices(), true);
    compare(changes, "reservations", before.reservations(), after.reservations(), false);
    compare(changes, "preferredSlots", before.preferredSlots(), after.preferredSlots(), false);
    compare(changes, "pciControllerModels", before.pciControllerModels(), after.pciControllerModels(), false);
    compare(changes, "iommuModels", before.iommuModels(), after.iommuModels(), false);
    compare(changes, "connections", before.connections(), after.connections(), false);
    compare(changes, "defaults", before.defaults(), after.defaults(), false);
    compare(changes, "virtioTransport", before.virtioTransport(), after.virtioTransport(), false);
    compare(changes, "multipleRoots", before.multipleRoots(), after.multipleRoots(), false);
    compare(changes, "zpci", before.zpci(), after.zpci(), true);
    return changes;
  }

  private static void compare(List<MachineChange> changes, String field, Object before, Object after,
      boolean guestVisible) {
    if (before instanceof List<?> was && after instanceof List<?> is) {
      for (Object item : was) {
        if (!is.contains(item)) {
          changes.add(new MachineChange(field, String.valueOf(item), null, guestVisible));
        }
      }
      for (Object item : is) {
        if (!was.contains(item)) {
          changes.add(new MachineChange(field, null, String.valueOf(item), guestVisible));
        }
      }
    } else if (!Objects.equals(before, after)) {
      changes.add(new MachineChange(field, String.valueOf(before), String.valueOf(after), guestVisible));
    }
  }

  /**
   * Where a device sits, for the guest ABI: a PCI function's multifunction flag is left out, since
   * function 0 of a slot gains it when a later device fills another function of that slot.
   */
  private static Address place(Address address) {
    return address instanceof Address.Pci pci ? pci.withMultifunction(null) : address;
  }
}
