package dev.backplane.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backplane.core.machine.PluginCapabilitySource;
import dev.backplane.core.machine.PluginRegistry;
import dev.backplane.core.port.out.CapabilitySource;
import dev.backplane.spi.MachineDescription;
import dev.backplane.spi.MachinePlugin;
import dev.backplane.spi.MachineRequest;
import dev.backplane.spi.MachineType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The binaries probe and drift start come from the plugins' tables, not from a list in code. */
class QemuBinariesTest {

  @Test
  void theBuiltInPluginsNameTheFiveQemuBinariesAndTheArchitectureEachServes() {
    assertEquals(Map.of(
            "qemu-system-aarch64", Set.of("aarch64"),
            "qemu-system-arm", Set.of("armv7l"),
            "qemu-system-ppc64", Set.of("ppc64"),
            "qemu-system-s390x", Set.of("s390x"),
            "qemu-system-x86_64", Set.of("x86_64")),
        QemuBinaries.named(KnowledgeSources.plugins()));
  }

  @Test
  void theArchitectureOfABinaryIsThePluginsOrQemusOrTheOneAskedFor() {
    CapabilitySource plugins = KnowledgeSources.plugins();
    assertEquals(Optional.of("armv7l"), QemuBinaries.archOf("/usr/bin/qemu-system-arm", null, plugins));
    assertEquals(Optional.empty(), QemuBinaries.archOf("qemu-kvm", null, plugins));
    assertEquals(Optional.of("aarch64"), QemuBinaries.archOf("qemu-system-arm", "aarch64", plugins));
  }

  @Test
  void aBinaryThePluginsDescribeForTwoArchitecturesNeedsArch() {
    CapabilitySource builtIn = KnowledgeSources.plugins();
    // as ppc64le will be: the pseries machines of qemu-system-ppc64 once more, for another arch
    List<MachinePlugin> plugins = new ArrayList<>(PluginRegistry.load(getClass().getClassLoader()).plugins());
    plugins.add(new MachinePlugin() {
      @Override
      public String id() {
        return "test-ppc64le";
      }

      @Override
      public List<MachineType> machineTypes() {
        return List.of(MachineType.builder().arch("ppc64le").name("pseries-7.2").build());
      }

      @Override
      public MachineDescription describe(MachineRequest request) {
        return MachineDescription.builder()
            .from(builtIn.describe(MachineRequest.of("ppc64", "pseries-7.2")).orElseThrow())
            .arch("ppc64le").build();
      }
    });
    CapabilitySource both = new PluginCapabilitySource(new PluginRegistry(plugins));
    assertEquals(new TreeSet<>(Set.of("ppc64", "ppc64le")), QemuBinaries.named(both).get("qemu-system-ppc64"));
    CliException e = assertThrows(CliException.class,
        () -> QemuBinaries.archOf("qemu-system-ppc64", null, both));
    assertTrue(e.getMessage().contains("[ppc64, ppc64le] (fix: choose one with --arch)"), e.getMessage());
  }
}
