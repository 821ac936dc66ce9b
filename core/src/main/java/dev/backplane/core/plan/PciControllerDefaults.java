package dev.backplane.core.plan;

import dev.backplane.spi.DeviceModel;
import dev.backplane.core.model.Address;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.InvalidDomainException;
import dev.backplane.spi.RootBus;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * After the real pass: multifunction flags, and the controller attributes libvirt derives from
 * addresses (QEMU device name, chassis, port, busNr) or from the machine (PHB target index).
 */
final class PciControllerDefaults {
  private static final int MAX_TARGET_INDEX = 31;

  private PciControllerDefaults() {}

  static void apply(Work work, RootBus root) {
    markMultifunction(work);
    List<Device> controllers = work.list(DeviceKind.CONTROLLER);
    // libvirt fills PHB target indexes in the walk of the written controllers: one without takes
    // the lowest index from 1 that no PHB has yet. A pci-root is a PHB once its model name is set:
    // from the start when written, else when the walk reaches it, so the index a later one was
    // given counts only with its model name written. Controllers libvirt adds come after all.
    Set<Integer> targetIndexes = new HashSet<>();
    Set<Integer> phbTargets = new HashSet<>();
    Set<Integer> givenTargets = new HashSet<>();
    String phbName = root.modelName().orElse(null);
    for (Device c : controllers) {
      if (DeviceConnections.isPciController(c) && c.number(Device.TARGET_INDEX) != null) {
        givenTargets.add(c.number(Device.TARGET_INDEX).intValue());
        if (phbName != null && phbName.equals(c.attribute(Device.MODEL_NAME))) {
          phbTargets.add(c.number(Device.TARGET_INDEX).intValue());
        }
      }
    }
    for (int i = 0; i < controllers.size(); i++) {
      Device c = controllers.get(i);
      if (!DeviceConnections.isPciController(c)) {
        continue;
      }
      PciControllerModel model = PciControllerModel.byName(c.model());
      Device.Builder b = c.toBuilder();
      if (!model.isRoot() && c.attribute(Device.MODEL_NAME) == null) {
        work.modelOf(c).filter(DeviceModel::createsDevice)
            .ifPresent(known -> b.attribute(Device.MODEL_NAME, known.qemuDevice()));
      }
      Address.Pci addr = c.pciAddress().orElse(null);
      if (model.isRoot()) {
        root.modelName().ifPresent(name -> setIfMissing(b, c, Device.MODEL_NAME, name));
      }
      if (model.isRoot() && work.machine.multipleRoots() && c.number(Device.TARGET_INDEX) != null) {
        targetIndexes.add(c.number(Device.TARGET_INDEX).intValue());
      }
      if (model.isRoot() && work.machine.multipleRoots() && c.attribute(Device.TARGET_INDEX) == null) {
        // the default PHB is target 0; others take the lowest free target index from 1
        int target = 0;
        if (c.index() != 0) {
          target = 1;
          while (targetIndexes.contains(target) || phbTargets.contains(target)
              || c.added() && givenTargets.contains(target)) {
            target++;
          }
          if (target > MAX_TARGET_INDEX) {
            throw new InvalidDomainException(c.describe(), "no PHB target index is left (they go up to "
                + MAX_TARGET_INDEX + ")", "remove PCI host bridges or devices");
          }
        }
        targetIndexes.add(target);
        b.attribute(Device.TARGET_INDEX, Integer.toString(target));
      }
      switch (model) {
        case PCI_BRIDGE_MODEL -> setIfMissing(b, c, Device.CHASSIS_NR, Integer.toString(c.index()));
        case PCIE_ROOT_PORT_MODEL -> {
          setIfMissing(b, c, Device.CHASSIS, Integer.toString(c.index()));
          if (c.address() != null) { // libvirt reads any address's union as a PCI one here
            setIfMissing(b, c, Device.PORT, PciPlacement.hex(
                (int) ((AddressUnion.slot(c.address()) << 3) + AddressUnion.function(c.address()))));
          }
        }
        case SWITCH_DOWNSTREAM_PORT -> {
          setIfMissing(b, c, Device.CHASSIS, Integer.toString(c.index()));
          if (c.address() != null) {
            setIfMissing(b, c, Device.PORT, PciPlacement.hex((int) AddressUnion.slot(c.address())));
          }
        }
        case PCI_EXPANDER, PCIE_EXPANDER -> {
          if (c.attribute(Device.BUS_NR) == null) {
            int lowest = work.controllers("pci").stream()
                .map(o -> o.number(Device.BUS_NR)).filter(v -> v != null)
                .mapToInt(Long::intValue).min().orElse(256);
            if (lowest <= 2) {
              throw new InvalidDomainException(c.describe(), "no bus number is left for the expander bus",
                  "set <target busNr='...'/> on the expander buses yourself");
            }
            b.attribute(Device.BUS_NR, Integer.toString(lowest - 2));
          }
        }
        default -> { }
      }
      Device updated = b.build();
      controllers.set(i, updated);
      if (model == PciControllerModel.PCI_BRIDGE_MODEL && c.address() != null
          && c.index() <= AddressUnion.bus(c.address())) { // any address's union, as libvirt reads it
        throw new InvalidDomainException(c.describe(),
            "a pci-bridge's index must be larger than the bus it sits on (" + AddressUnion.bus(c.address())
                + (addr == null ? ", as libvirt 9.0 reads this " + c.address().type() + " address" : "") + ")",
            "give the bridge a higher index or put it on a lower bus");
      }
    }
  }

  private static void setIfMissing(Device.Builder b, Device c, String key, String value) {
    if (c.attribute(key) == null) {
      b.attribute(key, value);
    }
  }

  /** Function 0 of a slot with other functions in use gets multifunction='on', unless 'off' was written. */
  private static void markMultifunction(Work work) {
    Map<Integer, Integer> functions = new HashMap<>(); // by bus and slot (slotKey)
    for (Device d : work.each()) {
      if (d.address() instanceof Address.Pci a && !a.isWanted()) {
        functions.merge(slotKey(a), 1 << a.function(), (x, y) -> x | y);
      }
    }
    for (DeviceKind kind : DeviceKind.values()) {
      List<Device> list = work.list(kind);
      for (int i = 0; i < list.size(); i++) {
        Device d = list.get(i);
        if (!(d.address() instanceof Address.Pci a) || a.isWanted() || a.function() != 0
            || a.multifunction() != null) {
          continue;
        }
        if ((functions.getOrDefault(slotKey(a), 0) & ~1) != 0) {
          work.set(kind, i, d.withAddress(a.withMultifunction(true)));
        }
      }
    }
  }

  private static Integer slotKey(Address.Pci a) {
    return a.bus() << 5 | a.slot();
  }
}
