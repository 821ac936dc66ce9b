package dev.backplane.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.backplane.adapters.libvirtxml.LibvirtXml;
import dev.backplane.core.Backplane;
import dev.backplane.core.model.Capacity;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.Domain;
import dev.backplane.core.model.InvalidDomainException;
import dev.backplane.core.model.Plan;
import dev.backplane.core.model.PlanChangeException;
import dev.backplane.core.port.in.PlanTopologyCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Hot-plug on libvirt's recorded domains, every architecture: adding a virtio NIC or disk and
 * removing a device move no other device; the capacity for virtio NICs is the number that
 * {@link Backplane#add} really takes one after another, each without moving anything.
 */
class HotplugCorpusTest {
  private static final Backplane BACKPLANE = Backplane.builder().build();
  private static final String[] ARCHES = {"x86_64", "aarch64", "ppc64", "s390x", "i686", "ppc64le", "riscv64"};
  /** Every n-th case of the random corpus (the hand-written one is taken whole). */
  private static final int RANDOM_STRIDE = 8;
  /** Devices removed (one at a time) per case, spread over its list. */
  private static final int REMOVALS = 3;

  @TestFactory
  Stream<DynamicTest> addingAndRemovingMoveNothing() {
    return cases().map(input -> DynamicTest.dynamicTest(input.toString(), () -> {
      Optional<Plan> planned = plan(input);
      if (planned.isEmpty()) {
        return;
      }
      Plan plan = planned.get();
      addMovesNothing(plan, nic("hotplug-nic"));
      addMovesNothing(plan, Device.builder(DeviceKind.DISK).key("hotplug-disk").type("disk").bus("virtio")
          .target(freeVirtioTarget(plan)).build());
      List<String> keys = plan.devices().stream()
          .filter(d -> d.key() != null && d.kind() != DeviceKind.CONTROLLER).map(Device::key).toList();
      for (int i = 0; i < keys.size(); i += Math.max(1, keys.size() / REMOVALS)) {
        removeMovesNothing(plan, keys.get(i));
      }
    }));
  }

  /** Capacity counts what add takes: on every third case of the hand-written corpus. */
  @TestFactory
  Stream<DynamicTest> nicCapacityIsWhatAddTakes() {
    return Stream.of(ARCHES).flatMap(arch -> inputs(Paths.get("corpus", arch), 3).stream())
        .map(input -> DynamicTest.dynamicTest(input.toString(), () -> {
          Optional<Plan> planned = plan(input);
          if (planned.isEmpty()) {
            return;
          }
          Capacity capacity = BACKPLANE.capacity(planned.get(), DeviceKind.INTERFACE, "virtio");
          Plan current = planned.get();
          int added = 0;
          while (added < Capacity.MAX) {
            Plan next;
            try {
              next = BACKPLANE.add(current, nic("capacity-" + added));
            } catch (PlanChangeException e) {
              break;
            }
            if (added == 0) {
              assertEquals(capacity.next().orElseThrow(), next.byKey("capacity-0").orElseThrow().address());
            }
            assertKept(current, next, "NIC " + added);
            current = next;
            added++;
          }
          assertEquals(added, capacity.count(), capacity.toString());
        }));
  }

  /** Keeps the factories above from passing on refusals alone. */
  @Test
  void mostCorpusDomainsTakeAHotPluggedNic() throws IOException {
    int planned = 0;
    int took = 0;
    for (Path input : cases().toList()) {
      Optional<Plan> plan = plan(input);
      if (plan.isEmpty()) {
        continue;
      }
      planned++;
      try {
        BACKPLANE.add(plan.get(), nic("probe"));
        took++;
      } catch (PlanChangeException e) {
        // counted below
      }
    }
    assertTrue(planned > 400, "planned " + planned);
    assertTrue(took > planned / 2, took + " of " + planned + " took a NIC");
  }

  private static void addMovesNothing(Plan plan, Device device) {
    Plan after;
    try {
      after = BACKPLANE.add(plan, device);
    } catch (PlanChangeException e) {
      return; // refused as a whole: nothing moved
    }
    assertKept(plan, after, "adding " + device);
    Device added = after.byKey(device.key()).orElseThrow(() -> new AssertionError(device + " is missing"));
    assertTrue(added.address() != null, device + " has no address");
  }

  private static void removeMovesNothing(Plan plan, String key) {
    Plan after;
    try {
      after = BACKPLANE.remove(plan, key);
    } catch (PlanChangeException e) {
      return;
    }
    assertTrue(after.byKey(key).isEmpty(), key + " is still there");
    for (Device d : after.devices()) {
      assertTrue(plan.devices().contains(d), "removing " + key + " changed " + d);
    }
    assertEquals(plan.devices().size() - 1, after.devices().size(), "removing " + key);
  }

  /** Every device of {@code before} is in {@code after}, unchanged. */
  private static void assertKept(Plan before, Plan after, String change) {
    List<Device> now = new ArrayList<>(after.devices());
    for (Device d : before.devices()) {
      if (!now.remove(d)) {
        fail(change + " moved or changed " + d);
      }
    }
  }

  private static Device nic(String key) {
    return Device.builder(DeviceKind.INTERFACE).key(key).type("network").model("virtio").build();
  }

  private static String freeVirtioTarget(Plan plan) {
    for (char c = 'a'; c <= 'z'; c++) {
      String name = "vd" + c;
      if (plan.of(DeviceKind.DISK).stream().noneMatch(d -> name.equals(d.target()))) {
        return name;
      }
    }
    return "vdzz";
  }

  /** The plan of a case libvirt accepted and Backplane plans; empty for the others. */
  private static Optional<Plan> plan(Path input) throws IOException {
    if (Files.exists(Paths.get(input.toString().replace(".xml", ".err")))) {
      return Optional.empty();
    }
    Domain domain = LibvirtXml.read(Files.readAllBytes(input), input.toString()).domain();
    try {
      return Optional.of(BACKPLANE.plan(new PlanTopologyCommand(domain)));
    } catch (InvalidDomainException e) {
      return Optional.empty(); // a known gap, checked by LibvirtConformanceTest
    }
  }

  private static Stream<Path> cases() {
    return Stream.of(ARCHES).flatMap(arch -> Stream.concat(
        inputs(Paths.get("corpus", arch), 1).stream(),
        inputs(Paths.get("corpus-random", arch), RANDOM_STRIDE).stream()));
  }

  private static List<Path> inputs(Path dir, int stride) {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> all = files.filter(p -> p.toString().endsWith(".xml") && !p.toString().endsWith(".libvirt.xml"))
          .sorted().toList();
      List<Path> taken = new ArrayList<>();
      for (int i = 0; i < all.size(); i += stride) {
        taken.add(all.get(i));
      }
      return taken;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
