package dev.backplane.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backplane.core.machine.PluginCapabilitySource;
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
  void theBuiltInPluginsNameTheQemuBinariesAndTheArchitecturesEachServes() {
    assertEquals(Map.of(
            "qemu-system-aarch64", Set.of("aarch64"),
            "qemu-system-arm", Set.of("armv7l"),
            "qemu-system-i386", Set.of("i686"),
            "qemu-system-ppc64", Set.of("ppc64", "ppc64le"),
            "qemu-system-riscv64", Set.of("riscv64"),
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
  void aBinaryServingTwoArchitecturesIsItsQemuTargetUnlessAsked() {
    CapabilitySource plugins = KnowledgeSources.plugins();
    assertEquals(Optional.of("ppc64"), QemuBinaries.archOf("/usr/bin/qemu-system-ppc64", null, plugins));
    assertEquals(Optional.of("ppc64le"), QemuBinaries.archOf("qemu-system-ppc64", "ppc64le", plugins));
  }

  @Test
  void aBinaryWhoseArchitecturesAreNotItsTargetNeedsArch() {
    CapabilitySource builtIn = KnowledgeSources.plugins();
    List<MachinePlugin> plugins = new ArrayList<>(PluginCapabilitySource.load(getClass().getClassLoader()).plugins());
    for (String arch : List.of("ppc64xa", "ppc64xb")) { // one binary, two arches, neither its target
      plugins.add(new MachinePlugin() {
        @Override
        public String id() {
          return "test-" + arch;
        }

        @Override
        public List<MachineType> machineTypes() {
          return List.of(MachineType.builder().arch(arch).name("pseries-7.2").build());
        }

        @Override
        public MachineDescription describe(MachineRequest request) {
          return MachineDescription.builder()
              .from(builtIn.describe(MachineRequest.of("ppc64", "pseries-7.2")).orElseThrow())
              .arch(arch).qemuBinary("qemu-system-ppc64x").build();
        }
      });
    }
    CapabilitySource both = PluginCapabilitySource.of(plugins);
    assertEquals(new TreeSet<>(Set.of("ppc64xa", "ppc64xb")), QemuBinaries.named(both).get("qemu-system-ppc64x"));
    CliException e = assertThrows(CliException.class,
        () -> QemuBinaries.archOf("qemu-system-ppc64x", null, both));
    assertTrue(e.getMessage().contains("[ppc64xa, ppc64xb] (fix: choose one with --arch)"), e.getMessage());
  }
}
