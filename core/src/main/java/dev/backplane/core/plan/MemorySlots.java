package dev.backplane.core.plan;

import dev.backplane.core.model.Address;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.PlanRule;
import dev.backplane.spi.Connection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Memory modules that plug into no bus (the catalog's connection {@code none}: DIMM, NVDIMM) take
 * the lowest memory slot no other module holds ({@code <address type='dimm' slot='N'/>}), in
 * document order, after the slots modules are given (libvirt 9.0's qemuDomainAssignMemorySlots).
 * virtio-mem and virtio-pmem are PCI devices; libvirt checks the slot count against
 * {@code <maxMemory slots>} before it assigns, so the search needs no bound.
 */
final class MemorySlots {
  /** The address type of a slot of the memory hotplug area. */
  private static final String DIMM = "dimm";

  private MemorySlots() {}

  static void assign(Work work) {
    List<Device> modules = work.list(DeviceKind.MEMORY);
    Set<Long> used = new HashSet<>();
    for (Device d : modules) {
      if (d.address() instanceof Address.Other o && DIMM.equals(o.type())) {
        slot(o).ifPresent(used::add);
      }
    }
    for (int i = 0; i < modules.size(); i++) {
      Device d = modules.get(i);
      if (d.address() != null || d.model() == null || !inSlot(work, d)) {
        continue;
      }
      long slot = 0;
      while (used.contains(slot)) {
        slot++;
      }
      used.add(slot);
      Address.Other dimm = new Address.Other(DIMM, Map.of("slot", Long.toString(slot)));
      modules.set(i, work.why(d.withAddress(dimm), PlanRule.DIMM_SLOT, dimm));
    }
  }

  private static boolean inSlot(Work work, Device module) {
    return work.modelOf(module).filter(m -> m.connection() == Connection.NONE).isPresent();
  }

  private static Optional<Long> slot(Address.Other dimm) {
    String slot = dimm.attributes().get("slot");
    try { // libvirt reads the slot in decimal
      return slot == null ? Optional.empty() : Optional.of(Long.parseLong(slot.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
