package dev.backplane.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.backplane.core.Backplane;
import dev.backplane.core.model.Address;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.Domain;
import dev.backplane.core.model.Plan;
import dev.backplane.core.port.in.PlanTopologyCommand;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DIMM slots as libvirt 9.0 assigns them (conformance/corpus: pc-dimm-slots and its neighbours). */
class MemorySlotsTest {
  private static final Backplane BACKPLANE = Backplane.builder().build();

  private static Device memory(String key, String model, Address address) {
    return Device.builder(DeviceKind.MEMORY).key(key).model(model).address(address).build();
  }

  private static Address.Other dimm(int slot) {
    return new Address.Other("dimm", Map.of("slot", Integer.toString(slot)));
  }

  @Test
  void modulesTakeTheLowestSlotNoOtherModuleHolds() {
    // libvirt: the written slot 0 stays, the DIMM before it gets 1, the NVDIMM after it 2
    Plan plan = BACKPLANE.plan(new PlanTopologyCommand(new Domain("x86_64", "pc", List.of(
        memory("d1", "dimm", null), memory("d2", "dimm", dimm(0)), memory("d3", "nvdimm", null)))));

    assertEquals(dimm(1), plan.byKey("d1").orElseThrow().address());
    assertEquals(dimm(0), plan.byKey("d2").orElseThrow().address());
    assertEquals(dimm(2), plan.byKey("d3").orElseThrow().address());
  }

  @Test
  void aModuleWithoutAModelTakesNoSlot() {
    // the libvirt-xml reader refuses it as libvirt does; a domain built in code may still hold one
    Plan plan = BACKPLANE.plan(new PlanTopologyCommand(new Domain("x86_64", "pc", List.of(
        memory("d1", null, null), memory("d2", "dimm", null)))));

    assertNull(plan.byKey("d1").orElseThrow().address());
    assertEquals(dimm(0), plan.byKey("d2").orElseThrow().address());
  }
}
