package dev.backplane.core.plan;

import dev.backplane.core.model.Address;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.PlanRule;
import dev.backplane.spi.BusKind;
import dev.backplane.spi.Connection;
import dev.backplane.spi.RootBus;
import dev.backplane.spi.VirtioTransport;
import java.util.List;
import java.util.Set;

/**
 * virtio-mmio, as libvirt chooses it: on a machine with virtio-mmio transports, virtio devices go
 * there when the machine has no PCI or when any device already asks for virtio-mmio; otherwise
 * they stay on PCI. Filesystems and vsock are never moved to mmio.
 */
final class VirtioMmio {
  private static final Set<DeviceKind> PRIMED = Set.of(DeviceKind.DISK, DeviceKind.INTERFACE,
      DeviceKind.VIDEO, DeviceKind.INPUT, DeviceKind.CONTROLLER, DeviceKind.HOSTDEV,
      DeviceKind.MEMBALLOON, DeviceKind.RNG, DeviceKind.MEMORY, DeviceKind.CRYPTO, DeviceKind.SOUND);

  private VirtioMmio() {}

  static void prime(Work work) {
    boolean hasMmio = false;
    for (RootBus bus : work.machine.rootBuses()) {
      hasMmio |= bus.kind() == BusKind.VIRTIO_MMIO;
    }
    if (!hasMmio) {
      return;
    }
    boolean asked = false;
    for (Device d : work.all()) {
      asked |= d.address() instanceof Address.VirtioMmio;
    }
    boolean noPci = work.machine.pciRoot().isEmpty()
        || work.machine.virtioTransport() == VirtioTransport.MMIO;
    if (!asked && !noPci) {
      return;
    }
    Address.VirtioMmio mmio = new Address.VirtioMmio();
    for (DeviceKind kind : PRIMED) {
      List<Device> list = work.list(kind);
      for (int i = 0; i < list.size(); i++) {
        Device d = list.get(i);
        if (d.address() == null && primed(d, work)) {
          list.set(i, work.why(d.withAddress(mmio), PlanRule.VIRTIO_MMIO, mmio));
        }
      }
    }
  }

  private static boolean primed(Device d, Work work) {
    if (d.kind() == DeviceKind.CONTROLLER) {
      return "scsi".equals(d.type()) || ("virtio-serial".equals(d.type())
          && DeviceConnections.of(d, work) == Connection.VIRTIO);
    }
    if (d.kind() == DeviceKind.RNG || d.kind() == DeviceKind.MEMBALLOON) {
      return DeviceConnections.of(d, work) != Connection.NONE;
    }
    Connection connection = DeviceConnections.of(d, work);
    return connection == Connection.VIRTIO
        || (connection == Connection.PCI && "virtio-transitional".equals(d.model())); // virtio all the same
  }
}
