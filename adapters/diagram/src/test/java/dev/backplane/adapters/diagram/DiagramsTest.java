package dev.backplane.adapters.diagram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backplane.core.Backplane;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.Domain;
import dev.backplane.core.model.Plan;
import dev.backplane.core.port.in.DescribeMachineCommand;
import dev.backplane.core.port.in.PlanTopologyCommand;
import dev.backplane.core.port.out.TopologySink;
import dev.backplane.spi.MachineRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class DiagramsTest {
  private static final Backplane BACKPLANE = Backplane.builder().build();

  private static Plan plan(String arch, String machine, Device... devices) {
    return BACKPLANE.plan(new PlanTopologyCommand(new Domain(arch, machine, List.of(devices))));
  }

  private static Device nic(String key) {
    return Device.builder(DeviceKind.INTERFACE).key(key).type("user").model("virtio").build();
  }

  private static Device disk(String key, String bus, String target) {
    return Device.builder(DeviceKind.DISK).key(key).type("disk").bus(bus).target(target).build();
  }

  private static Device controller(String type, int index, String model) {
    return Device.builder(DeviceKind.CONTROLLER).key("c" + type + index).type(type).index(index)
        .model(model).build();
  }

  private static String write(Function<ByteArrayOutputStream, TopologySink> sink, Plan plan)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    sink.apply(out).write(plan);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theTreePutsAVirtioNicBehindItsRootPortAndMarksBuiltInsAndFreeSlots() throws IOException {
    String tree = write(Diagrams::tree, plan("x86_64", "q35", nic("n0")));

    assertTrue(tree.startsWith("pc-q35-7.2 (x86_64)\npcie.0  pcie-root  [root complex]\n"), tree);
    assertTrue(tree.contains("+-01.0 pci.1  pcie-root-port  [root port]\n| \\-00.0 net0  interface virtio\n"), tree);
    assertTrue(tree.contains("+-1f.0 ICH9-LPC  [built in]\n"), tree);
    assertTrue(tree.contains("| \\-00 (free: 1 slot)\n+-02-1e (free: 29 slots)\n"), tree);
    assertTrue(tree.contains("\\-1f.3 ICH9-SMB  [built in]\n"), tree);
  }

  @Test
  void disksAppearUnderTheControllerTheirDriveAddressNames() throws IOException {
    String tree = write(Diagrams::tree, plan("x86_64", "q35", disk("d0", "sata", "sda"),
        disk("d1", "scsi", "sdb"), controller("scsi", 0, "lsilogic")));

    assertTrue(tree.contains("+-1f.2 ide  sata  [controller]\n| \\-0:0:0:0 sata0-0-0  disk sata sda\n"), tree);
    assertTrue(tree.contains("+-01.0 scsi0  scsi lsilogic  [controller]\n|   | \\-0:0:0:1 scsi0-0-0-1  disk scsi sdb\n"), tree);
  }

  @Test
  void switchesAndBridgesAreDrawnAsWhatTheyAre() throws IOException {
    Plan plan = plan("x86_64", "q35",
        controller("pci", 1, "pcie-root-port"),
        controller("pci", 2, "pcie-switch-upstream-port"),
        controller("pci", 3, "pcie-switch-downstream-port"),
        controller("pci", 4, "pcie-root-port"),
        controller("pci", 5, "pcie-to-pci-bridge"));
    String tree = write(Diagrams::tree, plan);

    assertTrue(tree.contains("pci.1  pcie-root-port  [root port]\n| \\-00.0 pci.2  pcie-switch-upstream-port  [switch upstream port]\n"
        + "|   +-00.0 pci.3  pcie-switch-downstream-port  [switch downstream port]\n"), tree);
    assertTrue(tree.contains("pci.5  pcie-to-pci-bridge  [bridge]\n"), tree);
    String dot = write(Diagrams::dot, plan);
    for (Topology.Role role : List.of(Topology.Role.ROOT_COMPLEX, Topology.Role.ROOT_PORT,
        Topology.Role.SWITCH_UPSTREAM, Topology.Role.SWITCH_DOWNSTREAM, Topology.Role.BRIDGE,
        Topology.Role.ENDPOINT)) {
      assertTrue(dot.contains(DotDiagram.style(role)), role + " in\n" + dot);
    }
  }

  @Test
  void everyRoleHasItsOwnLook() {
    Set<String> looks = new HashSet<>();
    for (Topology.Role role : Topology.Role.values()) {
      assertTrue(looks.add(DotDiagram.style(role)), role + " looks like another role");
    }
  }

  @Test
  void anEmptyMachineShowsItsRootBusesBuiltInsAndFreeSlots() throws IOException {
    Plan empty = Diagrams.emptyMachine(BACKPLANE.describe(
        new DescribeMachineCommand(MachineRequest.parse("x86_64", "pc"))));
    String tree = write(Diagrams::tree, empty);

    assertEquals("""
        pc-i440fx-7.2 (x86_64)
        pci.0  pci-root  [root complex]
        +-00.0 i440FX  [built in]
        +-01.0 PIIX3  [built in]
        +-01.1 piix3-ide  [built in]
        +-01.3 PIIX4_PM  [built in]
        \\-02-1f (free: 30 slots)
        """, tree);
  }

  @Test
  void ccwDevicesHangOffTheChannelSubsystem() throws IOException {
    String tree = write(Diagrams::tree, plan("s390x", "s390-ccw-virtio", nic("n0")));

    assertTrue(tree.contains("virtual-css  ccw bus  [bus]\n"), tree);
    assertTrue(tree.contains("fe.0.0000 net0  interface virtio"), tree);
  }

  @Test
  void theDotGraphNamesEveryDeviceWithAnEdgePerPlace() throws IOException {
    List<Device> devices = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      devices.add(nic("n" + i));
    }
    Plan plan = plan("x86_64", "pc", devices.toArray(Device[]::new));
    String dot = write(Diagrams::dot, plan);

    assertTrue(dot.startsWith("digraph topology {"), dot);
    for (Device device : plan.devices()) {
      if (device.qemuId() != null && device.kind() != DeviceKind.GRAPHICS) {
        assertTrue(dot.contains("[label=\"" + device.qemuId() + "\\n"), device.qemuId() + " in\n" + dot);
      }
    }
    assertTrue(dot.contains(" [label=\"03.0\"];"), dot);
  }

  @Test
  void svgWithoutDotSaysHowToGetIt() {
    Plan plan = plan("x86_64", "q35");
    GraphvizException e = assertThrows(GraphvizException.class,
        () -> Diagrams.svg(new ByteArrayOutputStream(), Optional.empty()).write(plan));

    assertTrue(e.getMessage().contains("apt-get install graphviz"), e.getMessage());
  }

  @Test
  void dotIsFoundOnlyWhereThePathSaysAndIsExecutable() {
    assertEquals(Optional.empty(), Graphviz.locate("/nonexistent:" + System.getProperty("java.io.tmpdir")));
    assertEquals(Optional.empty(), Graphviz.locate(null));
    Arrays.stream(System.getenv("PATH").split(":")).filter(d -> new java.io.File(d, "dot").canExecute())
        .findFirst().ifPresent(dir -> assertEquals(Optional.of(java.nio.file.Path.of(dir, "dot")),
            Graphviz.locate("/nonexistent:" + dir)));
  }
}
