package dev.backplane.core.plan;

import dev.backplane.core.model.Address;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.InvalidDomainException;
import dev.backplane.core.model.PlanRule;
import dev.backplane.spi.Connection;
import dev.backplane.spi.VirtioTransport;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * s390 channel-I/O addresses, as libvirt assigns them on a machine whose virtio transport is CCW:
 * every virtio or channel device without an address gets the next free devno of {@code fe.0.xxxx}, from
 * 0x0000, in libvirt's device walk; devnos the user gave are kept, skipped and must be unique.
 */
final class CcwAddresses {
  private static final int CSSID = 0xfe;
  private static final int MAX_DEVNO = 0xffff;

  private CcwAddresses() {}

  static void assign(Work work) {
    Set<String> used = new HashSet<>(); // user devnos are unique on any machine

    for (DeviceKind kind : Work.DEVICE_WALK) {
      for (Device d : work.list(kind)) {
        // libvirt walks an <interface type='hostdev'> twice (as a NIC and as its host device),
        // so a CCW address it was given collides with itself
        boolean walkedTwice = d.isHostdevInterface();
        if (d.address() instanceof Address.Ccw ccw && (!used.add(ccw.toString()) || walkedTwice)) {
          throw new InvalidDomainException(d.describe(),
              "the CCW devno '" + ccw + "' is in use already",
              "give the device another devno, or remove its <address> to have one assigned");
        }
      }
    }
    if (work.machine.virtioTransport() != VirtioTransport.CCW) {
      return;
    }
    int devno = 0; // devnos only get taken: the search resumes where it stopped
    for (DeviceKind kind : Work.DEVICE_WALK) {
      List<Device> list = work.list(kind);
      for (int i = 0; i < list.size(); i++) {
        Device d = list.get(i);
        if (d.address() != null || !onChannel(d, work)) {
          continue;
        }
        while (devno <= MAX_DEVNO && used.contains(new Address.Ccw(CSSID, 0, devno).toString())) {
          devno++;
        }
        if (devno > MAX_DEVNO) {
          throw new InvalidDomainException(d.describe(),
              "no more free CCW devnos in subchannel set " + Integer.toHexString(CSSID) + ".0",
              "give some devices addresses in another subchannel set (ssid 0x1..0x3)");
        }
        Address.Ccw ccw = new Address.Ccw(CSSID, 0, devno);
        used.add(ccw.toString());
        list.set(i, work.why(d.withAddress(ccw), PlanRule.CCW_DEVNO, ccw));
      }
    }
  }

  /**
   * The devices libvirt puts on the channel subsystem: virtio ones, all SCSI controllers, and
   * channel devices (a vfio-ccw mediated device).
   */
  private static boolean onChannel(Device d, Work work) {
    Connection c = DeviceConnections.of(d, work);
    return switch (d.kind()) {
      case CONTROLLER -> "scsi".equals(d.type())
          || "virtio-serial".equals(d.type()) && c != Connection.NONE;
      case FILESYSTEM, VSOCK, RNG, MEMBALLOON, CRYPTO -> c != Connection.NONE;
      default -> c == Connection.VIRTIO || c == Connection.CCW
          || c == Connection.PCI && "virtio-transitional".equals(d.model());
    };
  }
}
