package dev.backplane.core.plan;

import static dev.backplane.core.plan.ConnectFlag.AGGREGATE_SLOT;
import static dev.backplane.core.plan.ConnectFlag.AUTOASSIGN;
import static dev.backplane.core.plan.ConnectFlag.INTEGRATED;
import static dev.backplane.core.plan.ConnectFlag.PCIE_DEVICE;
import static dev.backplane.core.plan.ConnectFlag.PCIE_SWITCH_UPSTREAM_PORT;
import static dev.backplane.core.plan.ConnectFlag.PCIE_TO_PCI_BRIDGE;
import static dev.backplane.core.plan.ConnectFlag.PCI_BRIDGE;
import static dev.backplane.core.plan.ConnectFlag.PCI_DEVICE;

import dev.backplane.core.model.Address;
import dev.backplane.core.model.Device;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The PCI buses of a domain, indexed by controller index, and the functions taken on them. In a
 * dry run (the planning pass) the set grows when a device finds no slot; otherwise it is fixed.
 */
final class PciAddressSet {
  /** PCI's 8-bit bus number: controller indexes (bus numbers) 0 to 255. */
  private static final int BUS_NUMBERS = 256;
  private final List<PciBus> buses = new ArrayList<>();
  /**
   * When explaining: for each bus a dry run added, what asked for it (a device, or what the plan
   * keeps room for); null otherwise.
   */
  private java.util.Map<Integer, String> grownFor;
  /**
   * Per kind of request, the lowest bus that may still have room: functions are only ever taken,
   * never freed, so the first-fit search can resume there and planning stays linear.
   */
  private int[] searchKeys = new int[8];
  private int[] searchFrom = new int[8];
  private int searches;
  private final boolean dryRun;
  private final boolean multipleRoots;
  private final int rootMinSlot;
  private final int rootMaxSlot;

  /** A refused placement; the caller turns it into a user-facing error. */
  static final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;

    Refusal(String message) {
      super(message, null, false, false);
    }
  }

  private final boolean canGrow;

  /**
   * @param canGrow whether the machine takes the expansion controller (root port, bridge, host
   *     bridge); when it does not, devices sit on the root bus and nothing is added
   */
  PciAddressSet(boolean dryRun, boolean multipleRoots, boolean canGrow, int rootMinSlot, int rootMaxSlot) {
    this.canGrow = canGrow;
    this.dryRun = dryRun;
    this.multipleRoots = multipleRoots;
    this.rootMinSlot = rootMinSlot;
    this.rootMaxSlot = rootMaxSlot;
  }

  boolean dryRun() {
    return dryRun;
  }

  int size() {
    return buses.size();
  }

  PciBus bus(int index) {
    return buses.get(index);
  }

  List<PciBus> buses() {
    return buses;
  }

  /** Sets bus {@code index} to a controller model (adding empty slots up to it as needed). */
  void setBus(int index, PciControllerModel model) {
    while (buses.size() <= index) {
      buses.add(null);
    }
    buses.set(index, newBus(model));
  }

  PciBus newBus(PciControllerModel model) {
    return model.isRoot()
        ? new PciBus(model, rootMinSlot, rootMaxSlot)
        : new PciBus(model, model.minSlot(), model.maxSlot());
  }

  /** The model auto-added to fill gaps and to grow: PHB, root port or bridge. */
  PciControllerModel expansionModel() {
    PciControllerModel root = buses.isEmpty() ? PciControllerModel.PCI_ROOT : buses.get(0).model;
    return PciControllerModel.expansionFor(root, multipleRoots);
  }

  /** Null when a device with {@code device} flags may use bus {@code index}, else why not. */
  String incompatibility(Set<ConnectFlag> device, int index, boolean fromConfig) {
    return incompatibility(ConnectFlag.mask(device), index, fromConfig);
  }

  /** {@link #incompatibility(Set, int, boolean)} of a flag mask ({@link ConnectFlag#mask}). */
  private String incompatibility(int device, int index, boolean fromConfig) {
    PciBus bus = buses.get(index);
    int busFlags = bus.flags();
    int devFlags = device;
    if ((devFlags & INTEGRATED.bit()) != 0) {
      if (index != 0) {
        return "this device is integrated and must sit on bus 0";
      }
      busFlags |= PCI_DEVICE.bit() | AUTOASSIGN.bit();
    }
    if (fromConfig) {
      if ((busFlags & (PCI_DEVICE.bit() | PCIE_DEVICE.bit())) != 0) {
        busFlags |= PCI_DEVICE.bit() | PCIE_DEVICE.bit();
      }
      if ((devFlags & PCI_BRIDGE.bit()) != 0) {
        devFlags |= PCI_DEVICE.bit();
      }
    } else if ((devFlags & AUTOASSIGN.bit()) != 0 && (busFlags & AUTOASSIGN.bit()) == 0) {
      return "bus " + index + " (" + bus.model.libvirtName() + ") does not take devices automatically";
    }
    if ((devFlags & busFlags & ConnectFlag.TYPES_MASK) == 0) {
      return "bus " + index + " (" + bus.model.libvirtName() + ") cannot take "
          + ConnectFlag.kindOf(devFlags);
    }
    return null;
  }

  /** Checks that an address exists and may hold the device. */
  void validate(Address.Pci addr, Set<ConnectFlag> flags, boolean fromConfig) throws Refusal {
    if (buses.isEmpty()) {
      throw new Refusal("the machine has no PCI bus");
    }
    if (addr.bus() >= buses.size()) {
      throw new Refusal("bus " + addr.bus() + " does not exist (only buses up to "
          + (buses.size() - 1) + " are available)");
    }
    String why = incompatibility(flags, addr.bus(), fromConfig);
    if (why != null) {
      throw new Refusal(why);
    }
    PciBus bus = buses.get(addr.bus());
    if (addr.slot() < bus.minSlot || addr.slot() > bus.maxSlot) {
      throw new Refusal("slot 0x" + Integer.toHexString(addr.slot()) + " is outside bus "
          + addr.bus() + " (" + bus.model.libvirtName() + "), which has slots "
          + bus.minSlot + ".." + bus.maxSlot);
    }
  }

  /** Takes one function at a given address. */
  Address.Pci reserve(Address.Pci addr, Set<ConnectFlag> flags, boolean fromConfig) throws Refusal {
    return reserve(addr, flags, fromConfig, null);
  }

  /**
   * Takes one function at a given address for {@code owner} (named when someone else wants it): a
   * {@link Device} or a text ({@link PciBus#owner}).
   */
  Address.Pci reserve(Address.Pci addr, Set<ConnectFlag> flags, boolean fromConfig, Object owner)
      throws Refusal {
    if (dryRun && addr.bus() >= buses.size()) {
      int bus = grow(flags, addr.bus(), owner);
      if (bus != addr.bus()) { // the bridge a new root port brings: libvirt moves the address onto it
        addr = new Address.Pci(addr.domain(), bus, addr.slot(), addr.function(), addr.multifunction());
      }
    }
    validate(addr, flags, fromConfig);
    PciBus bus = buses.get(addr.bus());
    if (bus.inUse(addr.slot(), addr.function())) {
      Object holder = bus.owner(addr.slot(), addr.function());
      throw new Refusal("address " + addr + " is already in use"
          + (holder == null ? "" : " by " + describe(holder)));
    }
    if (owner != null) {
      bus.setOwner(addr.slot(), addr.function(), owner);
    }
    bus.take(addr.slot(), addr.function(), flags.contains(AGGREGATE_SLOT));
    return addr;
  }

  /** An owner ({@link PciBus#owner}) as messages name it. */
  static String describe(Object owner) {
    return owner instanceof Device d ? d.describe() : (String) owner;
  }

  /**
   * The first free address for a device: a whole empty slot at {@code function} (or 0), or for
   * aggregating devices the next free function of an aggregate slot. In a dry run the set grows
   * when nothing fits.
   */
  Address.Pci next(Set<ConnectFlag> flags, int function, Object owner) throws Refusal {
    int mask = ConnectFlag.mask(flags);
    boolean aggregating = (mask & AGGREGATE_SLOT.bit()) != 0;
    int request = mask << 4 | (function + 1);
    for (int b = searchFrom(request); b < buses.size(); b++) {
      if (incompatibility(mask, b, false) != null) {
        continue;
      }
      PciBus bus = buses.get(b);
      for (int slot = bus.minSlot; slot <= bus.maxSlot; slot++) {
        if (aggregating && bus.isAggregate(slot) && bus.slotInUse(slot)) {
          int f = function < 0 ? bus.freeFunction(slot) : function;
          if (f >= 0 && !bus.inUse(slot, f)) {
            searchFrom(request, b);
            return Address.Pci.of(b, slot, f);
          }
        } else if (!bus.slotInUse(slot)) {
          searchFrom(request, b);
          return Address.Pci.of(b, slot, Math.max(function, 0));
        }
      }
    }
    if (!dryRun) {
      throw new Refusal("no more available PCI slots");
    }
    int first = buses.size();
    searchFrom(request, first);
    int target = grow(flags, first, owner);
    return Address.Pci.of(target, buses.get(target).minSlot, Math.max(function, 0));
  }

  /** Where the search for a kind of request (flags and function) resumes; 0 for a new kind. */
  private int searchFrom(int request) {
    for (int i = 0; i < searches; i++) {
      if (searchKeys[i] == request) {
        return searchFrom[i];
      }
    }
    return 0;
  }

  private void searchFrom(int request, int bus) {
    for (int i = 0; i < searches; i++) {
      if (searchKeys[i] == request) {
        searchFrom[i] = bus;
        return;
      }
    }
    if (searches == searchKeys.length) {
      searchKeys = java.util.Arrays.copyOf(searchKeys, searches * 2);
      searchFrom = java.util.Arrays.copyOf(searchFrom, searches * 2);
    }
    searchKeys[searches] = request;
    searchFrom[searches++] = bus;
  }

  /** Remembers from now on what made the set grow ({@link #grownFor}). */
  void recordGrowth() {
    grownFor = new java.util.HashMap<>();
  }

  /** What made a dry run add bus {@code index}; null for a bus it did not add or when not recording. */
  String grownFor(int index) {
    return grownFor == null ? null : grownFor.get(index);
  }

  /** Finds and takes the next address. */
  Address.Pci reserveNext(Set<ConnectFlag> flags, int function, Object owner) throws Refusal {
    Address.Pci addr = next(flags, function, owner);
    reserve(addr, flags, false, owner);
    return addr;
  }

  /**
   * Adds buses up to {@code wanted} for a device with {@code flags}; returns the bus the device
   * should use: {@code wanted}, or the one after it when a conventional device in a PCI Express-only
   * topology needed exactly one more bus. As libvirt's virDomainPCIAddressSetGrow, such a device
   * first gets a root port and a pcie-to-pci-bridge behind it (the rest pci-bridges), and when only
   * one bus was missing, the bridge is one bus more than asked for, so the address moves onto it.
   */
  private int grow(Set<ConnectFlag> flags, int wanted, Object owner) throws Refusal {
    if (!canGrow) {
      throw new Refusal("the machine takes no " + expansionModel().libvirtName()
          + ", so no bus can be added");
    }
    int add = wanted - buses.size() + 1;
    PciControllerModel model;
    boolean pcieToPciBridge = false;
    if (flags.contains(PCI_DEVICE)) {
      if (multipleRoots) {
        model = PciControllerModel.PCI_ROOT;
      } else {
        boolean anyBridgeBus = false;
        for (PciBus b : buses) {
          anyBridgeBus |= b != null && b.accepts(PCI_BRIDGE);
        }
        if (!anyBridgeBus) {
          pcieToPciBridge = true;
          if (add == 1) {
            add++;
            wanted++;
          }
        }
        model = PciControllerModel.PCI_BRIDGE_MODEL;
      }
    } else if (flags.contains(PCIE_DEVICE) || flags.contains(PCIE_SWITCH_UPSTREAM_PORT)) {
      model = PciControllerModel.PCIE_ROOT_PORT_MODEL;
    } else {
      throw new Refusal("no slot can take " + ConnectFlag.kindOf(flags)
          + ", and such a bus cannot be added automatically");
    }
    int i = buses.size();
    if (i + add > BUS_NUMBERS) {
      throw new Refusal("no bus can be added: PCI bus numbers end at " + (BUS_NUMBERS - 1));
    }
    for (int added = i; grownFor != null && added < i + add; added++) {
      grownFor.put(added, describe(owner));
    }
    if (pcieToPciBridge) {
      PciBus port = new PciBus(PciControllerModel.PCIE_ROOT_PORT_MODEL,
          EnumSet.of(PCIE_TO_PCI_BRIDGE), 0, 0);
      buses.add(port);
      buses.add(newBus(PciControllerModel.PCIE_TO_PCI_BRIDGE_MODEL));
    }
    while (buses.size() < i + add) {
      buses.add(newBus(model));
    }
    return wanted;
  }
}
