package dev.backplane.adapters.qemuargs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backplane.core.Backplane;
import dev.backplane.core.model.Address;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.Domain;
import dev.backplane.core.model.InvalidDomainException;
import dev.backplane.core.model.Plan;
import dev.backplane.core.port.in.PlanTopologyCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The argument builder on small plans made by the real planner with the x86 machine plugins. */
class QemuArgsTest {
  private static final Backplane BACKPLANE = Backplane.builder().build();

  @Test
  void startsAsLibvirtStartsQemuWithNoDefaultsAndTheCanonicalMachineName() {
    List<String> args = QemuArgs.arguments(plan("q35"), QemuArgs.Options.DEFAULT);

    assertEquals(List.of("-nodefaults", "-machine", "pc-q35-7.2", "-display", "none"),
        args.subList(0, 5));
  }

  @Test
  void withBinaryPutsThePluginsQemuBinaryFirst() {
    List<String> args = QemuArgs.arguments(plan("q35"), QemuArgs.Options.DEFAULT.withBinary());

    assertEquals(List.of("qemu-system-x86_64", "-nodefaults", "-machine", "pc-q35-7.2"),
        args.subList(0, 4));
    assertEquals(QemuArgs.arguments(plan("q35"), QemuArgs.Options.DEFAULT), args.subList(1, args.size()));
  }

  @Test
  void leavesTheDisplayToQemuWhenTheDomainHasGraphics() {
    List<String> args = QemuArgs.arguments(plan("q35", graphics()), QemuArgs.Options.DEFAULT);

    assertFalse(args.contains("-display"), args.toString());
  }

  @Test
  void writesEachRootPortBeforeTheDeviceInIt() {
    List<String> devices = devices(plan("q35", disk("virtio", "vda")), QemuArgs.Options.DEFAULT);

    String disk = only(devices, "virtio-blk-pci,");
    String bus = property(disk, "bus");
    String port = only(devices, "pcie-root-port,id=" + bus + ",");
    assertTrue(devices.indexOf(port) < devices.indexOf(disk), devices.toString());
    assertEquals("0x00.0x0", property(disk, "addr"));
    assertEquals("pcie.0", property(port, "bus"));
    assertTrue(port.contains(",chassis=") && port.contains(",port=0x"), port);
  }

  @Test
  void marksFunctionZeroOfAMultifunctionSlot() {
    List<String> devices = devices(plan("q35", disk("virtio", "vda")), QemuArgs.Options.DEFAULT);

    assertEquals("on", property(only(devices, "pcie-root-port,id=pci.1,"), "multifunction"));
  }

  @Test
  void leavesOutRootsAndBuiltInControllers() {
    List<String> devices = devices(plan("q35", disk("sata", "sda")), QemuArgs.Options.DEFAULT);

    assertTrue(devices.stream().noneMatch(d -> d.startsWith("ich9-ahci")), devices.toString());
    assertTrue(devices.stream().noneMatch(d -> d.contains("id=pcie.0")), devices.toString());
    assertEquals("ide.0", property(only(devices, "ide-hd,"), "bus"));
  }

  @Test
  void putsSataDisksOnTheirAhciPortAndIdeDisksOnBusAndUnit() {
    List<String> sata = devices(plan("q35", disk("sata", "sdb")), QemuArgs.Options.DEFAULT);
    List<String> ide = devices(plan("pc", disk("ide", "hdd")), QemuArgs.Options.DEFAULT);

    assertEquals("ide.1", property(only(sata, "ide-hd,"), "bus"));
    String hdd = only(ide, "ide-hd,");
    assertEquals("ide.1", property(hdd, "bus"));
    assertEquals("1", property(hdd, "unit"));
  }

  @Test
  void addsAnAhciControllerThatIsNotBuiltIn() {
    List<String> devices = devices(plan("pc", disk("sata", "sda")), QemuArgs.Options.DEFAULT);

    String ahci = only(devices, "ich9-ahci,");
    assertEquals("sata0", property(ahci, "id"));
    assertEquals("sata0.0", property(only(devices, "ide-hd,"), "bus"));
  }

  @Test
  void givesUsbCompanionsTheirMasterBusAndFirstPort() {
    List<String> devices = devices(plan("pc",
        usb("ich9-ehci1"), usb("ich9-uhci1"), usb("ich9-uhci2"), usb("ich9-uhci3"),
        Device.builder(DeviceKind.INPUT).key("tablet").type("tablet").bus("usb").build()),
        QemuArgs.Options.DEFAULT);

    assertEquals("usb", property(only(devices, "ich9-usb-ehci1,"), "id"));
    String uhci3 = only(devices, "ich9-usb-uhci3,");
    assertEquals("usb.0", property(uhci3, "masterbus"));
    assertEquals("4", property(uhci3, "firstport"));
    assertFalse(uhci3.contains(",id="), uhci3);
    String tablet = only(devices, "usb-tablet,");
    assertEquals("usb.0", property(tablet, "bus"));
    assertEquals("1", property(tablet, "port"));
  }

  @Test
  void usesTheVgaVariantForThePrimaryVideoOnly() {
    List<String> devices = devices(plan("pc", video("v1", "qxl"), video("v2", "qxl")), QemuArgs.Options.DEFAULT);

    assertEquals(1, devices.stream().filter(d -> d.startsWith("qxl-vga,")).count(), devices.toString());
    assertEquals(1, devices.stream().filter(d -> d.startsWith("qxl,")).count(), devices.toString());
  }

  @Test
  void aVideoModelThatCanOnlyBePrimaryIsRefusedBeforeArguments() { // as libvirt refuses it
    InvalidDomainException e = assertThrows(InvalidDomainException.class,
        () -> plan("pc", video("v1", "qxl"), video("v2", "vga")));
    assertEquals("<video model='vga'>", e.element());
  }

  @Test
  void refusesAMemoryModuleItCannotBackWithMemory() { // it writes no -m slots, -numa or backend
    Plan plan = plan("q35", Device.builder(DeviceKind.MEMORY).key("dimm0").model("dimm").build());

    InvalidDomainException e = assertThrows(InvalidDomainException.class,
        () -> QemuArgs.arguments(plan, QemuArgs.Options.DEFAULT));
    assertEquals("<memory model='dimm'>", e.element());
    assertTrue(e.getMessage().contains("no memory modules"), e.getMessage());
  }

  @Test
  void mapsVirtioModelsToTransitionalAndNonTransitionalDevices() {
    List<String> devices = devices(plan("pc",
        Device.builder(DeviceKind.DISK).key("vda").type("disk").bus("virtio").target("vda")
            .model("virtio-transitional").build(),
        nic("virtio-non-transitional")), QemuArgs.Options.DEFAULT);

    only(devices, "virtio-blk-pci-transitional,");
    only(devices, "virtio-net-pci-non-transitional,");
  }

  @Test
  void givesHdaSoundACodecWithAnAudioBackend() {
    List<String> devices = devices(plan("q35",
        Device.builder(DeviceKind.SOUND).key("sound").model("ich9").build()), QemuArgs.Options.DEFAULT);

    String codec = only(devices, "hda-duplex,");
    assertEquals("sound0.0", property(codec, "bus"));
    assertEquals("audio1", property(codec, "audiodev"));
  }

  @Test
  void namesBackendsWithoutDefiningThemByDefault() {
    List<String> args = QemuArgs.arguments(plan("pc", disk("virtio", "vda"), nic("e1000")),
        QemuArgs.Options.DEFAULT);

    assertEquals("drive-virtio-disk0", property(only(devices(args), "virtio-blk-pci,"), "drive"));
    assertEquals("hostnet0", property(only(devices(args), "e1000,"), "netdev"));
    assertFalse(args.contains("-blockdev") || args.contains("-netdev"), args.toString());
  }

  @Test
  void definesNullBackendsBeforeTheirDevicesWithStubBackends() {
    List<String> args = QemuArgs.arguments(plan("pc", disk("virtio", "vda"), nic("e1000"),
        Device.builder(DeviceKind.RNG).key("rng").model("virtio").build()), QemuArgs.Options.STUB_BACKENDS);

    int blockdev = args.indexOf("driver=null-co,node-name=drive-virtio-disk0");
    int netdev = args.indexOf("hubport,id=hostnet0,hubid=0");
    int rng = args.indexOf("rng-builtin,id=objrng0");
    assertTrue(blockdev > 0 && netdev > 0 && rng > 0, args.toString());
    assertEquals("-blockdev", args.get(blockdev - 1));
    assertTrue(blockdev < args.indexOf(only(devices(args), "virtio-blk-pci,")), args.toString());
    assertTrue(rng < args.indexOf(only(devices(args), "virtio-rng-pci,")), args.toString());
  }

  @Test
  void refusesToStubADeviceThatNeedsAHostResource() {
    Plan plan = plan("q35", Device.builder(DeviceKind.VSOCK).key("vsock").model("virtio").build());

    InvalidDomainException e = assertThrows(InvalidDomainException.class,
        () -> QemuArgs.arguments(plan, QemuArgs.Options.STUB_BACKENDS));
    assertEquals("<vsock model='virtio'>", e.element());
    assertTrue(e.rule().contains("/dev/vhost-vsock"), e.rule());
    only(devices(QemuArgs.arguments(plan, QemuArgs.Options.DEFAULT)), "vhost-vsock-pci,");
  }

  /** As {@code virsh domxml-to-native} gives it: libvirt 9.0 reads both fields as hexadecimal. */
  @Test
  void writesAnIsaAddressAsTheDevicesOwnProperties() {
    Device serial = Device.builder(DeviceKind.SERIAL).key("serial0").type("pty")
        .attribute(Device.TARGET_TYPE, "isa-serial").attribute(Device.PORT, "0")
        .address(new Address.Other("isa", java.util.Map.of("iobase", "0x300", "irq", "10"))).build();
    Device panic = Device.builder(DeviceKind.PANIC).key("panic0").model("isa")
        .address(new Address.Other("isa", java.util.Map.of("iobase", "0x505", "irq", "5"))).build();
    Device parallel = Device.builder(DeviceKind.PARALLEL).key("parallel0").type("pty")
        .address(new Address.Other("isa", java.util.Map.of("iobase", "0x378", "irq", "7"))).build();
    List<String> devices = devices(plan("pc", serial, panic, parallel), QemuArgs.Options.DEFAULT);

    String isaSerial = only(devices, "isa-serial,");
    assertEquals("768", property(isaSerial, "iobase"));
    assertEquals("16", property(isaSerial, "irq"));
    String pvpanic = only(devices, "pvpanic,");
    assertEquals("1285", property(pvpanic, "ioport"));
    assertEquals(null, property(pvpanic, "irq"));
    String isaParallel = only(devices, "isa-parallel,"); // libvirt leaves its ISA address off
    assertEquals(null, property(isaParallel, "iobase"));
  }

  /** libvirt 9.0 keeps a ccid address on a device that is no smartcard; QEMU has no such bus. */
  @Test
  void refusesAnAddressOnAControllerTheDomainLacksNamingTheController() {
    Plan plan = plan("pc", Device.builder(DeviceKind.VIDEO).key("v1").model("vga")
        .address(new Address.Other("ccid", java.util.Map.of("controller", "0", "slot", "0"))).build());

    InvalidDomainException e = assertThrows(InvalidDomainException.class,
        () -> QemuArgs.arguments(plan, QemuArgs.Options.DEFAULT));
    assertEquals("<video model='vga'>", e.element());
    assertTrue(e.rule().contains("ccid controller 0, which the domain does not have"), e.rule());
    assertTrue(e.fix().contains("<controller type='ccid' index='0'/>"), e.fix());
  }

  /** As libvirt 9.0 on s390x: vfio-ccw on its CCW devno, vfio-ap on no bus, vfio-pci on zPCI. */
  @Test
  void writesEachMediatedDeviceModelWhereTheCatalogConnectsIt() {
    Plan plan = BACKPLANE.plan(new PlanTopologyCommand(new Domain("s390x", "s390-ccw-virtio",
        List.of(disk("virtio", "vda"), mdev("vfio-ap"), mdev("vfio-pci"), mdev("vfio-ccw")))));
    List<String> devices = devices(plan, QemuArgs.Options.DEFAULT);

    assertEquals("fe.0.0001", property(only(devices, "vfio-ccw,"), "devno"));
    assertEquals("vfio-ap,id=hostdev0", only(devices, "vfio-ap,"));
    assertEquals("pci.0", property(only(devices, "vfio-pci,"), "bus"));
    only(devices, "zpci,");
    InvalidDomainException e = assertThrows(InvalidDomainException.class,
        () -> QemuArgs.arguments(plan, QemuArgs.Options.STUB_BACKENDS));
    assertTrue(e.rule().contains("a host device"), e.rule());
  }

  @Test
  void writesAHostdevInterfaceAsThePciHostDeviceItIs() {
    Plan plan = plan("q35", Device.builder(DeviceKind.INTERFACE).key("vf").type("hostdev").build());

    String vf = only(devices(plan, QemuArgs.Options.DEFAULT), "vfio-pci,");
    Address.Pci planned = (Address.Pci) plan.devices().stream()
        .filter(d -> "vf".equals(d.key())).findFirst().orElseThrow().address();
    assertEquals("pci." + planned.bus(), property(vf, "bus")); // behind its root port
    assertFalse(vf.contains("netdev="), vf); // libvirt sets the MAC on the host; no netdev
    InvalidDomainException e = assertThrows(InvalidDomainException.class,
        () -> QemuArgs.arguments(plan, QemuArgs.Options.STUB_BACKENDS));
    assertTrue(e.rule().contains("host network resource"), e.rule());
  }

  @Test
  void refusesAModelQemuHasNoDeviceFor() {
    // libvirt 9.0 accepts and places a vmxnet NIC; QEMU 7.2 has no such device
    Plan plan = plan("pc", Device.builder(DeviceKind.INTERFACE).key("nic").type("user").model("vmxnet").build());

    InvalidDomainException e = assertThrows(InvalidDomainException.class,
        () -> QemuArgs.arguments(plan, QemuArgs.Options.DEFAULT));
    assertEquals("<interface type='user' model='vmxnet'>", e.element());
    assertTrue(e.rule().contains("'vmxnet'"), e.rule());
    assertTrue(e.fix().contains("vmxnet3"), e.fix());
  }

  @Test
  void doublesCommasInPropertyValues() {
    Plan plan = plan("pc", Device.builder(DeviceKind.CHANNEL).key("ch").type("unix")
        .attribute(Device.TARGET_TYPE, "virtio").attribute(Device.TARGET_NAME, "org.example,1").build());

    String port = only(devices(QemuArgs.arguments(plan, QemuArgs.Options.DEFAULT)), "virtserialport,");
    assertTrue(port.endsWith(",name=org.example,,1"), port);
  }

  @Test
  void sinkWritesOneArgumentPerLine() throws IOException {
    Plan plan = plan("pc", nic("e1000"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    QemuArgs.sink(out, QemuArgs.Options.DEFAULT).write(plan);

    String expected = String.join("\n", QemuArgs.arguments(plan, QemuArgs.Options.DEFAULT)) + "\n";
    assertEquals(expected, out.toString(StandardCharsets.UTF_8));
  }

  // --- helpers -----------------------------------------------------------------------------

  @Test
  void givesTheEighthScsiDiskTheFirstIdOfASecondLsiController() {
    Plan plan = plan("pc", disk("scsi", "sdh")); // libvirt: controller = N / 7, unit = N % 7

    String device = only(devices(plan, QemuArgs.Options.DEFAULT), "scsi-hd,");

    assertEquals("0", property(device, "scsi-id"));
    assertEquals(2, devices(plan, QemuArgs.Options.DEFAULT).stream()
        .filter(d -> d.startsWith("lsi53c895a,")).count());
  }

  @Test
  void refusesAScsiUnitTheLsiControllerCannotTake() {
    Device disk = disk("scsi", "sda").withAddress(new Address.Drive(0, 0, 0, 8));
    Plan plan = plan("pc", disk); // libvirt 9.0 defines it: only target must be 0 on lsilogic

    InvalidDomainException e = assertThrows(InvalidDomainException.class,
        () -> devices(plan, QemuArgs.Options.DEFAULT));

    assertTrue(e.getMessage().contains("0..7"), e.getMessage());
  }

  @Test
  void usesTheTargetsOwnDeviceWhereItDiffers() {
    Device video = Device.builder(DeviceKind.VIDEO).key("v").model("virtio").build();
    Plan plan = BACKPLANE.plan(new PlanTopologyCommand(new Domain("aarch64", "virt", List.of(video))));

    List<String> devices = devices(plan, QemuArgs.Options.DEFAULT);

    assertEquals(1, devices.stream().filter(d -> d.startsWith("virtio-gpu-pci,")).count(), devices.toString());
    assertTrue(devices.stream().noneMatch(d -> d.startsWith("virtio-vga")), devices.toString());
  }

  @Test
  void letsQemuPickTheTransportOfVirtioMmioDevices() {
    Device mmioDisk = Device.builder(DeviceKind.DISK).key("vda").type("disk").bus("virtio")
        .target("vda").address(new Address.VirtioMmio()).build();
    Plan plan = BACKPLANE.plan(new PlanTopologyCommand(
        new Domain("aarch64", "virt", List.of(mmioDisk, nic("virtio")))));

    List<String> devices = devices(plan, QemuArgs.Options.DEFAULT);

    assertEquals(null, property(only(devices, "virtio-blk-device,"), "bus"));
    assertEquals(null, property(only(devices, "virtio-net-device,"), "bus"), "one mmio device moves them all");
  }

  private static Plan plan(String machine, Device... devices) {
    return BACKPLANE.plan(new PlanTopologyCommand(new Domain("x86_64", machine, List.of(devices))));
  }

  private static List<String> devices(Plan plan, QemuArgs.Options options) {
    return devices(QemuArgs.arguments(plan, options));
  }

  /** The values of every {@code -device}. */
  private static List<String> devices(List<String> args) {
    List<String> devices = new ArrayList<>();
    for (int i = 0; i + 1 < args.size(); i++) {
      if (args.get(i).equals("-device")) {
        devices.add(args.get(i + 1));
      }
    }
    return devices;
  }

  private static String only(List<String> devices, String prefix) {
    List<String> matching = devices.stream().filter(d -> d.startsWith(prefix)).toList();
    assertEquals(1, matching.size(), "one -device starting with " + prefix + " in " + devices);
    return matching.get(0);
  }

  private static String property(String device, String name) {
    for (String part : device.split(",")) {
      if (part.startsWith(name + "=")) {
        return part.substring(name.length() + 1);
      }
    }
    return null;
  }

  private static Device disk(String bus, String target) {
    return Device.builder(DeviceKind.DISK).key(target).type("disk").bus(bus).target(target).build();
  }

  private static Device mdev(String model) {
    return Device.builder(DeviceKind.HOSTDEV).key("mdev-" + model).type("mdev").model(model).build();
  }

  private static Device nic(String model) {
    return Device.builder(DeviceKind.INTERFACE).key("nic-" + model).type("user").model(model).build();
  }

  private static Device usb(String model) {
    return Device.builder(DeviceKind.CONTROLLER).key(model).type("usb").index(0).model(model).build();
  }

  private static Device video(String key, String model) {
    return Device.builder(DeviceKind.VIDEO).key(key).model(model).build();
  }

  private static Device graphics() {
    return Device.builder(DeviceKind.GRAPHICS).key("graphics0").type("vnc").build();
  }
}
