package dev.backplane.core.plan;

import static dev.backplane.core.plan.ConnectFlag.AUTOASSIGN;
import static dev.backplane.core.plan.ConnectFlag.INTEGRATED;
import static dev.backplane.core.plan.ConnectFlag.PCIE_DEVICE;
import static dev.backplane.core.plan.ConnectFlag.PCI_DEVICE;

import dev.backplane.core.model.Address;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.Explanation;
import dev.backplane.core.model.InvalidDomainException;
import dev.backplane.core.model.PlanRule;
import dev.backplane.spi.Connection;
import dev.backplane.spi.DeviceModel;
import dev.backplane.spi.ImplicitDevice;
import dev.backplane.spi.MachineDescription;
import dev.backplane.spi.PlacementRole;
import dev.backplane.spi.PreferredSlot;
import dev.backplane.spi.RootBus;
import dev.backplane.spi.SlotReservation;
import dev.backplane.spi.VirtioTransport;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * PCI address assignment in two passes, as libvirt does it: a planning pass on a set that may
 * grow decides which controllers to add; a real pass on the final buses writes every address.
 * Addresses the user gave are never moved.
 */
final class PciPlacement {
  /** What the planning pass keeps room for besides devices (named in errors and explanations). */
  private static final String BRIDGE_SLOT = "a free slot kept for a future pci-bridge";
  private static final String SPARE_ROOT_PORT = "a spare pcie-root-port for hotplug";
  /** What --hotplug-reserve keeps room for, after "one of N". */
  private static final String HOTPLUG_SPARE = " spare hot-pluggable ports (--hotplug-reserve)";

  /**
   * libvirt's device walk (virDomainDeviceInfoIterate), in which user addresses are taken: the
   * first device whose bus does not exist yet decides which controllers are added for it.
   */
  private static final List<DeviceKind> COLLECT_ORDER = collectOrder();

  private static List<DeviceKind> collectOrder() {
    List<DeviceKind> order = new ArrayList<>(List.of(DeviceKind.DISK, DeviceKind.INTERFACE,
        DeviceKind.SOUND, DeviceKind.HOSTDEV, DeviceKind.VIDEO, DeviceKind.CONTROLLER,
        DeviceKind.SMARTCARD, DeviceKind.SERIAL, DeviceKind.PARALLEL, DeviceKind.CHANNEL,
        DeviceKind.CONSOLE, DeviceKind.INPUT, DeviceKind.FILESYSTEM, DeviceKind.WATCHDOG,
        DeviceKind.MEMBALLOON, DeviceKind.RNG, DeviceKind.NVRAM, DeviceKind.HUB, DeviceKind.SHMEM,
        DeviceKind.TPM, DeviceKind.PANIC, DeviceKind.MEMORY, DeviceKind.REDIRDEV));
    for (DeviceKind kind : DeviceKind.values()) {
      if (!order.contains(kind)) {
        order.add(kind);
      }
    }
    return List.copyOf(order);
  }

  private final Work work;
  private final MachineDescription machine;
  private final RootBus root;
  private final PciControllerModel rootModel;
  /**
   * The flag sets {@link #flags} answers, made once. Plain EnumSets, never modified: the placement
   * search reads them on every bus, and an unmodifiable view costs a wrapper at each read.
   */
  private static final Set<ConnectFlag> PCI_FLAGS = EnumSet.of(PCI_DEVICE, AUTOASSIGN);
  private static final Set<ConnectFlag> PCIE_FLAGS = EnumSet.of(PCIE_DEVICE, AUTOASSIGN);
  private static final Set<ConnectFlag> INTEGRATED_FLAGS = EnumSet.of(PCI_DEVICE, AUTOASSIGN, INTEGRATED);
  private static final Set<ConnectFlag> NO_FLAGS = EnumSet.noneOf(ConnectFlag.class);
  private static final Set<ConnectFlag> PCI_DEVICE_ONLY = EnumSet.of(PCI_DEVICE);
  private static final Set<ConnectFlag> ANY_DEVICE = EnumSet.of(PCI_DEVICE, PCIE_DEVICE);

  private final Set<ConnectFlag> pciFlags = PCI_FLAGS;
  private final Set<ConnectFlag> pcieFlags;

  private PciPlacement(Work work, RootBus root) {
    this.work = work;
    this.machine = work.machine;
    this.root = root;
    this.rootModel = PciControllerModel.byName(root.controllerModel().orElseThrow());
    this.pcieFlags = rootModel == PciControllerModel.PCIE_ROOT ? PCIE_FLAGS : pciFlags;
  }


  static void run(Work work) {
    Optional<RootBus> root = work.machine.pciRoot();
    if (root.isEmpty()) {
      refusePci(work);
      return;
    }
    new PciPlacement(work, root.get()).place();
  }

  /** A machine without PCI takes neither PCI controllers nor PCI addresses. */
  private static void refusePci(Work work) {
    for (Device d : work.each()) {
      if (DeviceConnections.isPciController(d) || d.address() instanceof Address.Pci
          || (d.address() == null && needsPci(d, work))) {
        throw new InvalidDomainException(d.describe(),
            "machine " + work.machine.name() + " has no PCI bus, and this device needs one",
            d.kind() == DeviceKind.MEMBALLOON
                ? "write <memballoon model='none'/> (libvirt 9.0 gives a domain that names none a virtio"
                    + " balloon), or choose a machine type with PCI"
                : "remove the device, or choose a machine type with PCI");
      }
    }
  }

  private static boolean needsPci(Device d, Work work) {
    MachineDescription machine = work.machine;
    Connection c = DeviceConnections.of(d, work);
    return c == Connection.PCI || c == Connection.PCIE || c == Connection.INTEGRATED
        || (c == Connection.VIRTIO && machine.virtioTransport() == VirtioTransport.PCI);
  }

  private void place() {
    defaultPciModels();
    validatePciControllers();
    int maxIndex = work.highestIndex("pci");

    // Planning pass: may grow; keeps only the controller list.
    PciAddressSet plan = createSet(true, maxIndex);
    if (work.explain) {
      plan.recordGrowth();
    }
    collect(plan);
    chipset(plan);
    if (rootModel == PciControllerModel.PCI_ROOT && canGrow()
        && !allFull(plan.buses())) {
      Address.Pci held = reserve(plan, pciFlags, null, BRIDGE_SLOT);
      explainRoot(PlanRule.PCI_BRIDGE_SLOT, held, null);
    }
    assignAll(plan);
    if (rootModel == PciControllerModel.PCIE_ROOT) {
      if (work.hotplugReserve.isEmpty()) {
        if (maxIndex <= 0 && plan.size() > maxIndex + 1) {
          reserve(plan, pcieFlags, null, SPARE_ROOT_PORT);
        }
      } else {
        int spares = work.hotplugReserve.getAsInt();
        for (int n = 0; n < spares; n++) { // a free port counts; root ports are added for the rest
          reserve(plan, pcieFlags, null, "one of " + spares + HOTPLUG_SPARE);
        }
      }
    }
    java.util.Set<Integer> declared = new java.util.HashSet<>();
    work.controllers("pci").forEach(c -> declared.add(c.index()));
    for (int i = 1; i < plan.size(); i++) {
      if (declared.add(i)) {
        PciControllerModel model = plan.bus(i).model;
        Device controller = DomainDefaults.controller("pci", i, model.libvirtName());
        Device added = work.explain
            ? work.add(controller, addedBecause(plan.grownFor(i)), i, model.libvirtName(), plan.grownFor(i))
            : work.add(controller);
        if (!model.isRoot()) { // a new PHB is a bus of its own, it takes no slot
          reserve(plan, model.upstreamFlags(), added, null);
        }
      }
    }

    // Real pass: fixed buses, addresses written.
    PciAddressSet real = createSet(false, work.highestIndex("pci"));
    collect(real);
    chipset(real);
    assignAll(real);
    PciControllerDefaults.apply(work, root);
  }

  /** The rule that added bus {@code index}, from what the planning pass grew it for. */
  private static PlanRule addedBecause(String grownFor) {
    if (grownFor == null) {
      return PlanRule.PCI_BUS_GAP;
    }
    if (grownFor.endsWith(HOTPLUG_SPARE)) {
      return PlanRule.HOTPLUG_RESERVE;
    }
    return switch (grownFor) {
      case SPARE_ROOT_PORT -> PlanRule.PCI_SPARE_ROOT_PORT;
      default -> PlanRule.PCI_BUS_ADDED;
    };
  }

  /**
   * A PCI controller without a model is the root at index 0. libvirt 9.0 gives no other index a
   * model: its address set refuses such a bus ("PCI controller model was not set correctly").
   */
  private void defaultPciModels() {
    List<Device> list = work.list(DeviceKind.CONTROLLER);
    for (int i = 0; i < list.size(); i++) {
      Device c = list.get(i);
      if ("pci".equals(c.type()) && c.model() == null) {
        if (!Objects.equals(c.index(), 0)) {
          throw new InvalidDomainException(c.describe(),
              "a PCI controller other than index 0 must have a model (libvirt infers none)",
              "write the model, e.g. model='" + expansionModel().libvirtName() + "'");
        }
        list.set(i, c.toBuilder().model(rootModel.libvirtName()).build());
      }
    }
  }

  private void validatePciControllers() {
    for (Device c : work.controllers("pci")) {
      PciControllerModel model = PciControllerModel.byName(c.model());
      if (c.model() != null && model == null) {
        throw new InvalidDomainException(c.describe(), "unknown PCI controller model '" + c.model() + "'",
            "use one of " + machine.pciControllerModels());
      }
      if (c.index() == 0 && model != rootModel) {
        throw new InvalidDomainException(c.describe(),
            "controller index 0 of machine " + machine.name() + " must be " + rootModel.libvirtName()
                + (model == null ? "" : ", not " + model.libvirtName()),
            "write model='" + rootModel.libvirtName() + "' or remove the controller");
      }
      if (model != null && model.isRoot() && c.index() != 0 && !machine.multipleRoots()) {
        throw new InvalidDomainException(c.describe(),
            model.libvirtName() + " must have index 0 on machine " + machine.name(),
            "remove the controller or give it another model");
      }
      // libvirt 9.0 refuses such a model when it places it: one with an address of another type
      // than PCI is never placed, so it is accepted (a pcie-root-port on pseries)
      boolean placed = c.address() == null || c.address() instanceof Address.Pci;
      if (model != null && placed && !machine.pciControllerModels().contains(model.libvirtName())) {
        throw new InvalidDomainException(c.describe(),
            "machine " + machine.name() + " does not take PCI controller model " + model.libvirtName(),
            "use one of " + machine.pciControllerModels());
      }
      if (model != null && model.isRoot() && c.address() != null) {
        throw new InvalidDomainException(c.describe(),
            model.libvirtName() + " is a root bus and must not have an address",
            "remove the <address> element of the root controller");
      }
    }
  }

  /** The controller that adds buses: another host bridge, a root port, or a bridge. */
  private PciControllerModel expansionModel() {
    return PciControllerModel.expansionFor(rootModel, machine.multipleRoots());
  }

  /** Whether the machine takes its expansion controller at all. */
  private boolean canGrow() {
    return machine.pciControllerModels().contains(expansionModel().libvirtName());
  }

  private PciAddressSet createSet(boolean dryRun, int maxIndex) {
    PciAddressSet set = new PciAddressSet(dryRun, machine.multipleRoots(), canGrow(),
        root.firstSlot(), root.lastSlot());
    set.setBus(0, rootModel);
    if (!canGrow()) {
      // nothing can be added behind the root, so endpoints of either kind plug into it directly
      set.bus(0).accept(EnumSet.of(AUTOASSIGN, PCI_DEVICE, PCIE_DEVICE));
    }
    for (int i = 1; i <= maxIndex; i++) {
      set.setBus(i, set.expansionModel());
    }
    for (Device c : work.controllers("pci")) {
      PciControllerModel model = PciControllerModel.byName(c.model());
      if (c.index() > 0 && model != null) {
        set.setBus(c.index(), model);
      }
    }
    return set;
  }

  // ---- flags ----

  private Set<ConnectFlag> flags(Device d) {
    return flags(d, DeviceConnections.isPciController(d) ? null : DeviceConnections.of(d, work));
  }

  /** {@link #flags(Device)} of a device whose connection is known (null for a PCI controller). */
  private Set<ConnectFlag> flags(Device d, Connection connection) {
    if (DeviceConnections.isPciController(d)) {
      PciControllerModel model = PciControllerModel.byName(d.model());
      return model == null || model.isRoot() ? NO_FLAGS : model.upstreamFlags();
    }
    return switch (connection) {
      case PCI -> pciFlags;
      case PCIE, VIRTIO -> pcieFlags;
      case INTEGRATED -> INTEGRATED_FLAGS;
      case CCW, NONE -> NO_FLAGS;
    };
  }

  private boolean wanted(Device d) {
    return d.address() == null || (d.address() instanceof Address.Pci pci && pci.isWanted());
  }

  private boolean present(Device d) {
    return d.address() instanceof Address.Pci pci && !pci.isWanted();
  }

  // ---- collecting user addresses ----

  private void collect(PciAddressSet set) {
    for (DeviceKind kind : COLLECT_ORDER) {
      List<Device> devices = work.list(kind);
      for (int i = 0; i < devices.size(); i++) {
        Device d = devices.get(i);
        if (!present(d) || pin(d).isPresent()) {
          continue;
        }
        Set<ConnectFlag> flags = flags(d);
        if (flags.isEmpty()) {
          flags = PCI_DEVICE_ONLY;
        }
        try {
          Address.Pci taken = set.reserve((Address.Pci) d.address(), flags, true, d);
          if (!taken.equals(d.address())) { // moved onto the bridge the planning pass added for it
            work.set(kind, i, work.why(d.withAddress(taken), PlanRule.PCI_MOVED_ONTO_ADDED_BRIDGE,
                d.address(), taken.bus(), taken));
          }
        } catch (PciAddressSet.Refusal r) {
          throw new InvalidDomainException(d.describe() + " at " + d.address(), r.getMessage(),
              "remove the <address> element to let Backplane choose, or pick a free address on a bus"
                  + " that takes this device");
        }
      }
    }
  }

  // ---- chipset functions and customary slots ----

  private Optional<Address.Pci> pin(Device d) {
    return chipsetAddress(machine, d);
  }

  /**
   * The fixed address of a controller the chipset provides (q35 SATA, PIIX3 IDE/USB): libvirt 9.0
   * gives it this one in place of any address of another type.
   */
  static Optional<Address.Pci> chipsetAddress(MachineDescription machine, Device d) {
    if (d.kind() != DeviceKind.CONTROLLER || !Objects.equals(d.index(), 0)) {
      return Optional.empty();
    }
    for (ImplicitDevice i : machine.implicitDevices()) {
      if (i.hasPciAddress() && i.controllerType().filter(t -> t.equals(d.type())).isPresent()) {
        return Optional.of(Address.Pci.of(0, i.slot().getAsInt(), i.function().getAsInt()));
      }
    }
    for (SlotReservation r : machine.reservations()) {
      if (r.controllerType().filter(t -> t.equals(d.type())).isPresent()
          && (r.controllerModels().isEmpty()
              || r.controllerModels().contains(d.model() == null ? "" : d.model()))) {
        return Optional.of(Address.Pci.of(0, r.slot(), r.function()));
      }
    }
    return Optional.empty();
  }

  private void chipset(PciAddressSet set) {
    for (ImplicitDevice i : machine.implicitDevices()) {
      if (i.hasPciAddress() && i.bus().equals(root.name()) && i.slot().getAsInt() >= root.firstSlot()) {
        take(set, Address.Pci.of(0, i.slot().getAsInt(), i.function().getAsInt()),
            "the built-in " + i.qemuType());
      }
    }
    for (SlotReservation r : machine.reservations()) {
      if (r.controllerType().isEmpty()) {
        take(set, Address.Pci.of(0, r.slot(), r.function()), r.reason());
      }
    }
    List<Device> controllers = work.list(DeviceKind.CONTROLLER);
    for (int i = 0; i < controllers.size(); i++) {
      Device c = controllers.get(i);
      Optional<Address.Pci> pinned = pin(c);
      if (pinned.isEmpty()) {
        continue;
      }
      if (present(c) && !samePlace((Address.Pci) c.address(), pinned.get())) {
        throw new InvalidDomainException(c.describe() + " at " + c.address(),
            "on machine " + machine.name() + " the first " + c.type() + " controller is built in at "
                + pinned.get(),
            "remove its <address> or set it to slot " + hex(pinned.get().slot()) + " function "
                + pinned.get().function());
      }
      if (!isImplicit(pinned.get())) {
        take(set, pinned.get(), c.describe());
      }
      if (!present(c)) {
        controllers.set(i, work.why(c.withAddress(pinned.get()), PlanRule.PCI_BUILT_IN, c.type(), pinned.get()));
      }
    }
    for (int i = 0; i < controllers.size(); i++) {
      Device c = controllers.get(i);
      if (c.address() != null) { // libvirt: info.type NONE; an empty <address type='pci'/> goes the usual way
        continue;
      }
      Optional<PlacementRole> role = role(c);
      if (role.filter(PlacementRole.USB2_SET::equals).isPresent()) {
        preferred(set, PlacementRole.USB2_SET, DeviceKind.CONTROLLER, i, true);
      } else if (role.filter(PlacementRole.DMI_TO_PCI_BRIDGE::equals).isPresent()) {
        preferred(set, PlacementRole.DMI_TO_PCI_BRIDGE, DeviceKind.CONTROLLER, i, false);
      }
    }
    List<Device> videos = work.list(DeviceKind.VIDEO);
    if (!videos.isEmpty() && wanted(videos.get(0))
        && DeviceConnections.of(videos.get(0), work) != Connection.NONE) {
      preferred(set, PlacementRole.PRIMARY_VIDEO, DeviceKind.VIDEO, 0, false);
    }
    List<Device> sounds = work.list(DeviceKind.SOUND);
    for (int i = 0; i < sounds.size(); i++) {
      if (role(sounds.get(i)).filter(PlacementRole.HDA_SOUND::equals).isPresent()
          && wanted(sounds.get(i))) { // the first without an address
        preferred(set, PlacementRole.HDA_SOUND, DeviceKind.SOUND, i, false);
        break;
      }
    }
  }

  /** The customary slot the catalog gives the device's model, if any. */
  private Optional<PlacementRole> role(Device d) {
    return work.modelOf(d).flatMap(DeviceModel::role);
  }

  /** The function of a companion-set member (ICH9 USB2: UHCI1..3 at 0..2, EHCI1 at 7), if it is one. */
  private Integer setFunction(Device c) {
    return work.modelOf(c).flatMap(DeviceModel::setFunction).orElse(null);
  }

  /** Whether a device the machine builds in sits at {@code addr} on the root bus. */
  private boolean isImplicit(Address.Pci addr) {
    for (ImplicitDevice i : machine.implicitDevices()) {
      if (i.hasPciAddress() && i.slot().getAsInt() == addr.slot() && i.function().getAsInt() == addr.function()) {
        return true;
      }
    }
    return false;
  }

  private void take(PciAddressSet set, Address.Pci addr, String owner) {
    try {
      set.reserve(addr, ANY_DEVICE, true, owner);
    } catch (PciAddressSet.Refusal r) {
      throw new InvalidDomainException(owner, r.getMessage(), "move the other device elsewhere");
    }
    if (!set.dryRun()) {
      explainRoot(PlanRule.PCI_RESERVED, addr, owner);
    }
  }

  /** When explaining, the root bus (pci index 0) tells what it keeps. */
  private void explainRoot(PlanRule rule, Address.Pci addr, String owner) {
    if (!work.explain) {
      return;
    }
    List<Device> controllers = work.list(DeviceKind.CONTROLLER);
    for (int i = 0; i < controllers.size(); i++) {
      if (controllers.get(i).isController("pci") && Objects.equals(controllers.get(i).index(), 0)) {
        work.explainAt(DeviceKind.CONTROLLER, i, rule, addr, owner);
      }
    }
  }

  /**
   * Puts device {@code i} of {@code kind} in the role's first entirely free slot, if any; a primary
   * video whose slots are all taken is placed right away, before every other device.
   */
  private void preferred(PciAddressSet set, PlacementRole role, DeviceKind kind, int i, boolean multi) {
    Optional<PreferredSlot> slots = Optional.empty();
    for (PreferredSlot p : machine.preferredSlots()) {
      if (p.role() == role) {
        slots = Optional.of(p);
        break;
      }
    }
    if (slots.isEmpty()) {
      return;
    }
    Device d = work.list(kind).get(i);
    for (int slot : slots.get().slots()) {
      if (!set.bus(0).slotInUse(slot)) {
        Address.Pci addr = Address.Pci.of(0, slot, 0);
        try {
          set.validate(addr, flags(d), true);
          set.reserve(addr, flags(d), true, d);
        } catch (PciAddressSet.Refusal r) {
          break;
        }
        Device placed = d.withAddress(multi ? addr.withMultifunction(true) : addr);
        work.set(kind, i, work.explain
            ? work.why(placed, PlanRule.PCI_PREFERRED, role.label(), slots.get().slots(), addr) : placed);
        return;
      }
    }
    if (work.explain && !set.dryRun()) {
      work.explainAt(kind, i, PlanRule.PCI_PREFERRED_BUSY, role.label(), slots.get().slots());
    }
    if (role == PlacementRole.PRIMARY_VIDEO) {
      assignOne(set, kind, i); // its slot is taken: libvirt gives it the next free address at once
    }
  }

  // ---- automatic placement, in libvirt's order ----

  private void assignAll(PciAddressSet set) {
    assignKind(set, DeviceKind.CONTROLLER, DeviceConnections::isPciController);
    assignKind(set, DeviceKind.FILESYSTEM, d -> true);
    assignKind(set, DeviceKind.INTERFACE, d -> !d.isHostdevInterface());
    assignKind(set, DeviceKind.SOUND, d -> true);
    assignOtherControllers(set);
    assignKind(set, DeviceKind.DISK, this::virtioDisk);
    assignKind(set, DeviceKind.INTERFACE, Device::isHostdevInterface);
    assignKind(set, DeviceKind.HOSTDEV, d -> !(d.address() instanceof Address.Other));
    assignKind(set, DeviceKind.MEMBALLOON, d -> true);
    assignKind(set, DeviceKind.RNG, d -> true);
    assignKind(set, DeviceKind.WATCHDOG, d -> true);
    List<Device> videos = work.list(DeviceKind.VIDEO);
    for (int i = 0; i < videos.size(); i++) {
      assignOne(set, DeviceKind.VIDEO, i);
    }
    assignKind(set, DeviceKind.SHMEM, d -> true);
    assignKind(set, DeviceKind.INPUT, d -> true);
    assignKind(set, DeviceKind.SERIAL, d -> true);
    assignKind(set, DeviceKind.IOMMU, d -> true);
    assignKind(set, DeviceKind.VSOCK, d -> true);
    assignKind(set, DeviceKind.MEMORY, d -> true);
    assignKind(set, DeviceKind.CRYPTO, d -> true);
    assignKind(set, DeviceKind.PANIC, d -> true);
  }

  private boolean virtioDisk(Device d) {
    if (!"virtio".equals(d.bus())) {
      return false;
    }
    if (d.address() != null && !(d.address() instanceof Address.Pci)
        && !(d.address() instanceof Address.Ccw) && !(d.address() instanceof Address.VirtioMmio)) {
      throw new InvalidDomainException(d.describe(),
          "a virtio disk cannot have an address of type '" + d.address().type() + "'",
          "remove the <address> element or make it type='pci'");
    }
    return true;
  }

  private void assignKind(PciAddressSet set, DeviceKind kind, java.util.function.Predicate<Device> which) {
    List<Device> list = work.list(kind);
    for (int i = 0; i < list.size(); i++) {
      if (which.test(list.get(i))) {
        assignOne(set, kind, i);
      }
    }
  }

  private void assignOtherControllers(PciAddressSet set) {
    List<Device> list = work.list(DeviceKind.CONTROLLER);
    for (int i = 0; i < list.size(); i++) {
      Device c = list.get(i);
      if (DeviceConnections.isPciController(c) || !wanted(c)) {
        continue;
      }
      Integer function = setFunction(c);
      if (function != null) {
        assignUsb2(set, i, c, function);
      } else {
        assignOne(set, DeviceKind.CONTROLLER, i);
      }
    }
  }

  /** The members of a companion set of one index share a slot, each at its function. */
  private void assignUsb2(PciAddressSet set, int i, Device c, int function) {
    Optional<Address.Pci> sibling = Optional.empty();
    for (Device o : work.controllers("usb")) {
      if (setFunction(o) != null && Objects.equals(o.index(), c.index()) && present(o)) {
        sibling = Optional.of((Address.Pci) o.address());
        break;
      }
    }
    Set<ConnectFlag> flags = flags(c);
    try {
      if (sibling.isPresent()) {
        Address.Pci addr = new Address.Pci(0, sibling.get().bus(), sibling.get().slot(), function,
            function == 0 ? Boolean.TRUE : null);
        set.reserve(addr, flags, true, c);
        work.set(DeviceKind.CONTROLLER, i,
            work.why(c.withAddress(addr), PlanRule.PCI_USB2_COMPANION, c.model(), c.index(), addr));
      } else {
        Address.Pci addr = set.reserveNext(flags, function, c);
        if (!set.dryRun()) {
          work.set(DeviceKind.CONTROLLER, i, work.why(
              c.withAddress(function == 0 ? addr.withMultifunction(true) : addr),
              PlanRule.PCI_USB2_COMPANION, c.model(), c.index(), addr));
        }
      }
    } catch (PciAddressSet.Refusal r) {
      throw noSlot(c, r);
    }
  }

  private void assignOne(PciAddressSet set, DeviceKind kind, int i) {
    Device d = work.list(kind).get(i);
    if (!wanted(d)) {
      return;
    }
    boolean controller = DeviceConnections.isPciController(d);
    Connection connection = controller ? Connection.PCI : DeviceConnections.of(d, work);
    Set<ConnectFlag> flags = flags(d, controller ? null : connection);
    if (connection == Connection.NONE || flags.isEmpty()) {
      return;
    }
    if (connection == Connection.VIRTIO && machine.virtioTransport() != VirtioTransport.PCI
        && !(d.address() instanceof Address.Pci)) {
      return;
    }
    try {
      Address.Pci addr = set.reserveNext(flags, -1, d);
      if (!set.dryRun()) {
        work.set(kind, i, d.withAddress(addr));
        if (work.explain) {
          explainPlaced(set, kind, i, connection, addr);
        }
      }
    } catch (PciAddressSet.Refusal r) {
      throw noSlot(d, r);
    }
  }

  /** Records why device {@code i} of {@code kind} got {@code addr} from the first-free search. */
  private void explainPlaced(PciAddressSet set, DeviceKind kind, int i, Connection connection, Address.Pci addr) {
    Device d = work.list(kind).get(i);
    Set<ConnectFlag> flags = flags(d);
    Device bus = null;
    for (Device c : work.controllers("pci")) {
      if (Objects.equals(c.index(), addr.bus())) {
        bus = c;
        break;
      }
    }
    String where = bus == null || bus.address() == null ? ""
        : " index " + bus.index() + " at " + Explanation.show(bus.address())
            + (bus.added() ? ", added by the planner" : "");
    String skipped = "";
    if (addr.bus() != 0) {
      String why = set.incompatibility(flags, 0, false);
      skipped = "; " + (why != null ? why : "bus 0 had no free slot left");
    }
    work.explainAt(kind, i,
        flags.contains(ConnectFlag.AGGREGATE_SLOT) ? PlanRule.PCI_AGGREGATE : PlanRule.PCI_FIRST_FREE,
        ConnectFlag.kindOf(flags), DeviceConnections.isPciController(d) ? ""
            : " (" + connection.name().toLowerCase(java.util.Locale.ROOT) + " connection)",
        addr.bus(), set.bus(addr.bus()).model.libvirtName(), where, addr, skipped);
  }

  /** Reserves a slot for a device that is not (yet) in the domain, or for a new controller. */
  private Address.Pci reserve(PciAddressSet set, Set<ConnectFlag> flags, Device device, String what) {
    Object owner = what != null ? what : device;
    try {
      return set.reserveNext(flags, -1, owner);
    } catch (PciAddressSet.Refusal r) {
      throw noSlot(PciAddressSet.describe(owner), r);
    }
  }

  private InvalidDomainException noSlot(Device d, PciAddressSet.Refusal r) {
    return noSlot(d.describe(), r);
  }

  /** No slot for {@code element} (a device, or what the plan keeps a slot for, such as the spare port). */
  private InvalidDomainException noSlot(String element, PciAddressSet.Refusal r) {
    String fix = rootModel == PciControllerModel.PCIE_ROOT
        ? "remove devices, or add a pcie-switch-upstream-port with downstream ports or a"
            + " pcie-expander-bus with root ports yourself"
        : "remove devices, or give some of them addresses on a pci-bridge you declare";
    return new InvalidDomainException(element,
        "no PCI slot is left for it on machine " + machine.name() + ": " + r.getMessage(), fix);
  }

  private static boolean samePlace(Address.Pci a, Address.Pci b) {
    return a.bus() == b.bus() && a.slot() == b.slot() && a.function() == b.function();
  }

  static String hex(int value) {
    return "0x" + Integer.toHexString(value);
  }

  private static boolean allFull(List<PciBus> buses) {
    for (PciBus bus : buses) {
      if (!bus.isFull()) {
        return false;
      }
    }
    return true;
  }
}
