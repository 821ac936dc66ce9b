package dev.backplane.core.plan;

import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.spi.Connection;
import dev.backplane.spi.DeviceModel;
import dev.backplane.spi.MachineDescription;
import java.util.Map;
import java.util.Set;

/**
 * How each device connects to PCI: the machine's device catalog says it per model
 * ({@link MachineDescription#devices()}); a machine may override one with
 * {@link MachineDescription#connections()}. What is left here is libvirt's vocabulary: an
 * interface of type hostdev is a host PCI device, filesystems of the host-side drivers and
 * capability-mode hostdevs are no guest device, and a virtio device of model
 * {@code virtio-transitional} is conventional PCI.
 */
final class DeviceConnections {
  /** Filesystem drivers that are not a virtio device (libvirt's LXC and host-side drivers). */
  private static final Set<String> HOST_FS_DRIVERS = Set.of("loop", "nbd", "ploop", "mtp");
  private static final String TRANSITIONAL = "virtio-transitional";

  private DeviceConnections() {}

  static Connection of(Device d, Work work) {
    Map<String, Connection> overrides = work.machine.connections();
    Connection override = overrides.isEmpty() ? null : overrides.get(d.kind().element() + ":" + d.model());
    return override != null ? override : fromCatalog(d, work);
  }

  private static Connection fromCatalog(Device d, Work work) {
    switch (d.kind()) {
      case INTERFACE:
        if (d.isHostdevInterface()) {
          return Connection.PCIE; // the host device cannot be probed here: PCIe, as libvirt does
        }
        break;
      case FILESYSTEM:
        if (d.attribute(Device.DRIVER) != null && HOST_FS_DRIVERS.contains(d.attribute(Device.DRIVER))) {
          return Connection.NONE;
        }
        break;
      case HOSTDEV:
        if (d.attribute(Device.MODE) != null && !"subsystem".equals(d.attribute(Device.MODE))) {
          return Connection.NONE;
        }
        break;
      case CONTROLLER:
        // a controller the machine builds in without a PCI address libvirt knows (g3beige's IDE)
        if (Integer.valueOf(0).equals(d.index()) && work.modelOf(d)
            .filter(model -> model.builtInOn().contains(work.machine.family())).isPresent()) {
          return Connection.NONE;
        }
        break;
      default:
        break;
    }
    Connection connection = work.modelOf(d).map(DeviceModel::connection)
        .orElse(Connection.NONE);
    return connection == Connection.VIRTIO && TRANSITIONAL.equals(d.model()) ? Connection.PCI : connection;
  }

  /** True when a device of this kind is a PCI controller that is not a root. */
  static boolean isPciController(Device d) {
    return d.kind() == DeviceKind.CONTROLLER && "pci".equals(d.type());
  }
}
