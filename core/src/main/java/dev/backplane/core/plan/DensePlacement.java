package dev.backplane.core.plan;

import dev.backplane.core.model.Address;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.InvalidDomainException;
import dev.backplane.core.model.PlanRule;
import dev.backplane.spi.Connection;
import dev.backplane.spi.DeviceModel;
import dev.backplane.spi.ImplicitDevice;
import dev.backplane.spi.MachineDescription;
import dev.backplane.spi.RootBus;
import dev.backplane.spi.SlotReservation;
import dev.backplane.spi.VirtioTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The PCI topology of the dense-1 policy, laid out before libvirt's placement runs: it adds the
 * ports, switches and pcie-to-pci-bridges, and gives every PCI Express endpoint and conventional
 * device without an address one on them. libvirt's placement then keeps those addresses (as it
 * keeps the domain's own), puts the root ports on the root bus function by function, and places
 * what dense leaves to it: devices with a customary root-bus slot (video, HDA sound, USB2 sets)
 * and integrated devices.
 *
 * <p>Rules: PCI Express endpoints, in libvirt's placement order, go {@code perPort} to a port, at
 * slot 0, functions 0 up (multifunction when more than one). Ports are root ports while the root
 * bus has functions for them; past that, some root ports each hold a switch (an upstream port and
 * up to 32 downstream ports). Conventional devices share pcie-to-pci-bridges, 31 to a bridge, each
 * bridge behind a root port of its own. {@code spare} ports stay empty for hot-plug. The caller
 * tries {@code perPort} from 1 up and keeps the first plan inside the firmware's budget.
 */
final class DensePlacement {
  static final int SWITCH_PORTS = 32;
  static final int BRIDGE_SLOTS = 31;
  private static final int FUNCTIONS = 8;
  private static final Set<String> MODELS = Set.of("pcie-root-port", "pcie-switch-upstream-port",
      "pcie-switch-downstream-port", "pcie-to-pci-bridge");
  /** libvirt's placement order ({@code PciPlacement.assignAll}), videos left to libvirt. */
  private static final List<DeviceKind> ORDER = List.of(DeviceKind.CONTROLLER, DeviceKind.FILESYSTEM,
      DeviceKind.INTERFACE, DeviceKind.SOUND, DeviceKind.DISK, DeviceKind.HOSTDEV,
      DeviceKind.MEMBALLOON, DeviceKind.RNG, DeviceKind.WATCHDOG, DeviceKind.SHMEM, DeviceKind.INPUT,
      DeviceKind.SERIAL, DeviceKind.IOMMU, DeviceKind.VSOCK, DeviceKind.MEMORY, DeviceKind.CRYPTO,
      DeviceKind.PANIC);

  /** The highest PCI controller index libvirt accepts. */
  private static final int MAX_PCI_INDEX = 255;

  /** A device's place in the work lists. */
  private record At(DeviceKind kind, int index) {}

  /** Dense could not stay inside the bus budget with this packing; the refusal says why. */
  static final class OverBudget extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient InvalidDomainException refusal;

    OverBudget(InvalidDomainException refusal) {
      super(refusal.getMessage(), null, false, false);
      this.refusal = refusal;
    }
  }

  private final Work work;
  private final int perPort;
  private final int busLimit;
  private final String budgetName;
  private final List<At> endpoints = new ArrayList<>();
  private final List<At> conventional = new ArrayList<>();
  private int leftToLibvirt;

  /**
   * @param perPort endpoints per port, 1 to 8
   * @param busLimit the PCI bus numbers the firmware enumerates (256 without a budget)
   * @param budgetName the firmware, as explanations name it
   */
  DensePlacement(Work work, int perPort, int busLimit, String budgetName) {
    this.work = work;
    this.perPort = perPort;
    this.busLimit = busLimit;
    this.budgetName = budgetName;
  }

  /** Whether dense-1 can lay out this machine: a pcie-root that takes ports, switches and bridges. */
  static boolean applies(MachineDescription machine) {
    return machine.pciRoot().flatMap(RootBus::controllerModel).filter("pcie-root"::equals).isPresent()
        && machine.pciControllerModels().containsAll(MODELS);
  }

  /**
   * Adds the topology and addresses to the work.
   *
   * @param spare empty ports to add, or -1 for libvirt's rule (one, when ports are added to a
   *     domain without PCI controllers)
   * @throws OverBudget when the topology needs more bus numbers than {@code busLimit}
   */
  void apply(int spare) {
    collect();
    List<Device> pciControllers = work.controllers("pci");
    int existingBridges = (int) pciControllers.stream()
        .filter(c -> c.index() != null && c.index() > 0).count();
    int groups = (endpoints.size() + perPort - 1) / perPort;
    int bridges = (conventional.size() + BRIDGE_SLOTS - 1) / BRIDGE_SLOTS;
    if (spare < 0) {
      spare = groups + bridges > 0 && existingBridges == 0 ? 1 : 0;
    }
    int ports = groups + bridges + spare;
    if (ports == 0) {
      return;
    }
    int rootCapacity = rootPortCapacity(pciControllers);
    int switches = ports <= rootCapacity ? 0 : (ports - rootCapacity + SWITCH_PORTS - 2) / (SWITCH_PORTS - 1);
    if (rootCapacity <= 0 || switches > rootCapacity) {
      throw new InvalidDomainException("<devices>", "dense-1 needs " + ports + " PCI Express ports ("
          + endpoints.size() + " endpoints " + perPort + " per port, " + bridges
          + " pcie-to-pci-bridges, " + spare + " spare), and the root bus of machine "
          + work.machine.name() + " has room for " + Math.max(rootCapacity, 0) + " root ports",
          "remove devices, or free root-bus slots");
    }
    int buses = 1 + existingBridges + ports + 2 * switches + bridges;
    if (buses > busLimit) {
      throw new OverBudget(new InvalidDomainException("<devices>", "even dense-1 needs " + buses
          + " PCI bus numbers (" + endpoints.size() + " endpoints " + perPort + " per port on "
          + groups + " ports, " + bridges + " pcie-to-pci-bridges, " + spare + " spare ports, "
          + switches + " switches, " + existingBridges + " PCI controllers of the domain), the "
          + budgetName + " bus budget is " + busLimit,
          "remove " + (buses - busLimit) * perPort + " endpoints (" + (buses - busLimit) + " ports of "
              + perPort + "), or keep fewer spare ports (--hotplug-reserve)"));
    }
    int highest = maxIndex(pciControllers);
    int added = ports + 2 * switches + bridges;
    if (highest + added > MAX_PCI_INDEX) { // the domain's own indexes may leave fewer than its bus budget
      throw new OverBudget(new InvalidDomainException("<devices>", "dense-" + perPort + " adds " + added
          + " PCI controllers after the domain's highest index " + highest + ", past index "
          + MAX_PCI_INDEX + ", libvirt's highest",
          "give the domain's PCI controllers lower indexes, or remove devices"));
    }
    lay(highest + 1, rootCapacity - switches, groups, bridges, spare, switches);
  }

  /** The endpoints and conventional devices without addresses, in placement order. */
  private void collect() {
    boolean virtioOnPci = work.machine.virtioTransport() == VirtioTransport.PCI;
    for (DeviceKind kind : DeviceKind.values()) {
      List<Device> list = work.list(kind);
      for (int i = 0; i < list.size(); i++) {
        Device d = list.get(i);
        if (!wanted(d) || DeviceConnections.isPciController(d) || builtIn(d)) {
          continue;
        }
        Connection c = DeviceConnections.of(d, work);
        if (c == Connection.NONE || c == Connection.VIRTIO && !virtioOnPci) {
          continue;
        }
        boolean customarySlot = work.modelOf(d).flatMap(DeviceModel::role).isPresent();
        if (!ORDER.contains(kind) || customarySlot || c == Connection.INTEGRATED) {
          leftToLibvirt++;
        }
      }
    }
    for (DeviceKind kind : ORDER) {
      List<Device> list = work.list(kind);
      for (int i = 0; i < list.size(); i++) {
        Device d = list.get(i);
        if (!wanted(d) || DeviceConnections.isPciController(d) || builtIn(d)
            || work.modelOf(d).flatMap(DeviceModel::role).isPresent()) {
          continue;
        }
        Connection c = DeviceConnections.of(d, work);
        if (c == Connection.PCIE || c == Connection.VIRTIO && virtioOnPci) {
          endpoints.add(new At(kind, i));
        } else if (c == Connection.PCI) {
          conventional.add(new At(kind, i));
        }
      }
    }
  }

  /** A controller the chipset provides at a fixed address (q35's SATA), which libvirt pins. */
  private boolean builtIn(Device d) {
    return PciPlacement.chipsetAddress(work.machine, d).isPresent();
  }

  private static boolean wanted(Device d) {
    return d.address() == null || d.address() instanceof Address.Pci pci && pci.isWanted();
  }

  /**
   * Root ports the root bus can still take, 8 to a slot: its slots less the chipset's, the
   * reserved ones, those the domain's addresses use, one for each device left to libvirt's
   * placement, and the functions of the domain's root ports that have no address yet.
   */
  private int rootPortCapacity(List<Device> pciControllers) {
    MachineDescription machine = work.machine;
    RootBus root = machine.pciRoot().orElseThrow();
    boolean[] used = new boolean[32];
    for (ImplicitDevice i : machine.implicitDevices()) {
      if (i.hasPciAddress() && i.bus().equals(root.name())) {
        used[i.slot().getAsInt()] = true;
      }
    }
    for (SlotReservation r : machine.reservations()) {
      used[r.slot()] = true;
    }
    for (Device d : work.each()) {
      if (d.address() instanceof Address.Pci a && !a.isWanted() && a.bus() == 0) {
        used[a.slot()] = true;
      }
    }
    int free = 0;
    for (int slot = root.firstSlot(); slot <= root.lastSlot(); slot++) {
      free += used[slot] ? 0 : 1;
    }
    int unplacedControllers = (int) pciControllers.stream()
        .filter(c -> c.index() != null && c.index() > 0 && c.address() == null).count();
    return (free - leftToLibvirt) * FUNCTIONS - unplacedControllers * FUNCTIONS;
  }

  private static int maxIndex(List<Device> pciControllers) {
    return pciControllers.stream().filter(c -> c.index() != null).mapToInt(Device::index).max().orElse(0);
  }

  /** Adds the ports (direct root ports first, then switches) and fills them in order. */
  private void lay(int firstIndex, int direct, int groups, int bridges, int spare, int switches) {
    int ports = groups + bridges + spare;
    Filler filler = new Filler(firstIndex, groups, bridges, spare);
    int rootPorts = Math.min(direct, ports);
    for (int n = 0; n < rootPorts; n++) {
      int index = filler.next++;
      filler.port(index, "pcie-root-port", null);
    }
    int behindSwitches = ports - rootPorts;
    for (int s = 0; s < switches; s++) {
      int rootPort = filler.next++;
      add(rootPort, "pcie-root-port", null, PlanRule.DENSE_SWITCH, direct);
      int upstream = filler.next++;
      add(upstream, "pcie-switch-upstream-port", Address.Pci.of(rootPort, 0, 0), PlanRule.DENSE_SWITCH, direct);
      int downstream = Math.min(SWITCH_PORTS, behindSwitches);
      for (int slot = 0; slot < downstream; slot++) {
        int index = filler.next++;
        filler.port(index, "pcie-switch-downstream-port", Address.Pci.of(upstream, slot, 0));
      }
      behindSwitches -= downstream;
    }
  }

  /** Hands out the ports in order: endpoint groups, then bridges, then spares. */
  private final class Filler {
    int next;
    private final int groups;
    private final int bridges;
    private final int spare;
    private int used;
    private int placedEndpoints;
    private int placedConventional;

    Filler(int next, int groups, int bridges, int spare) {
      this.next = next;
      this.groups = groups;
      this.bridges = bridges;
      this.spare = spare;
    }

    void port(int index, String model, Address.Pci address) {
      int use = used++;
      if (use < groups) {
        int count = Math.min(perPort, endpoints.size() - placedEndpoints);
        add(index, model, address, PlanRule.DENSE_PORT,
            count + (count == 1 ? " endpoint" : " endpoints"), perPort, budgetName);
        for (int f = 0; f < count; f++) {
          At at = endpoints.get(placedEndpoints++);
          Address.Pci addr = Address.Pci.of(index, 0, f);
          Device d = work.list(at.kind()).get(at.index()).withAddress(addr);
          work.set(at.kind(), at.index(), work.why(d, PlanRule.DENSE_FUNCTION, index, perPort, addr));
        }
      } else if (use < groups + bridges) {
        int bridge = next++;
        add(index, model, address, PlanRule.DENSE_PORT, "pcie-to-pci-bridge index " + bridge,
            perPort, budgetName);
        add(bridge, "pcie-to-pci-bridge", Address.Pci.of(index, 0, 0), PlanRule.DENSE_BRIDGE);
        int count = Math.min(BRIDGE_SLOTS, conventional.size() - placedConventional);
        for (int slot = 1; slot <= count; slot++) {
          At at = conventional.get(placedConventional++);
          Address.Pci addr = Address.Pci.of(bridge, slot, 0);
          Device d = work.list(at.kind()).get(at.index()).withAddress(addr);
          work.set(at.kind(), at.index(), work.why(d, PlanRule.DENSE_BRIDGE_SLOT, bridge, addr));
        }
      } else {
        add(index, model, address, PlanRule.HOTPLUG_RESERVE,
            "one of " + spare + " spare hot-pluggable ports (--hotplug-reserve, or dense-1's one"
                + " spare when it adds ports to a domain without any)");
      }
    }
  }

  private void add(int index, String model, Address.Pci address, PlanRule rule, Object... values) {
    Device controller = DomainDefaults.controller("pci", index, model);
    if (address != null) {
      controller = controller.withAddress(address);
    }
    Object[] all = new Object[values.length + 2];
    all[0] = index;
    all[1] = model;
    System.arraycopy(values, 0, all, 2, values.length);
    work.add(controller, rule, all);
  }
}
