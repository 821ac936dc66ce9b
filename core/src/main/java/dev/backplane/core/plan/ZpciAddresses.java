package dev.backplane.core.plan;

import dev.backplane.core.model.Address;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.InvalidDomainException;
import dev.backplane.core.model.PlanRule;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * s390 zPCI ids for every device with a PCI address, as libvirt assigns them after PCI
 * placement: user uids/fids are reserved first and must be unique; the others get the lowest
 * unused uid (from 1) and fid (from 0), in libvirt's device walk (not PCI placement order).
 */
final class ZpciAddresses {
  private static final long MAX_UID = 0xffff;
  private static final Set<DeviceKind> CHARDEVS = Set.of(DeviceKind.SERIAL, DeviceKind.PARALLEL,
      DeviceKind.CHANNEL, DeviceKind.CONSOLE);

  private ZpciAddresses() {}

  static void assign(Work work) {
    if (!work.machine.zpci()) {
      return;
    }
    Set<Long> uids = new HashSet<>();
    Set<Long> fids = new HashSet<>();
    for (DeviceKind kind : Work.DEVICE_WALK) {
      for (Device d : work.list(kind)) {
        reserve(d, Device.ZPCI_UID, "uid", uids);
        reserve(d, Device.ZPCI_FID, "fid", fids);
      }
    }
    long uid = 1; // ids only get taken: each search resumes where it stopped
    long fid = 0;
    for (DeviceKind kind : Work.DEVICE_WALK) {
      if (CHARDEVS.contains(kind)) {
        continue;
      }
      List<Device> list = work.list(kind);
      for (int i = 0; i < list.size(); i++) {
        Device d = list.get(i);
        if (!(d.address() instanceof Address.Pci)) {
          continue;
        }
        Device.Builder b = d.toBuilder();
        if (d.attribute(Device.ZPCI_UID) == null) {
          while (uids.contains(uid)) {
            uid++;
          }
          if (uid > MAX_UID) {
            throw new InvalidDomainException(d.describe(), "no zPCI uid is left (they go up to 0xffff)",
                "remove PCI devices");
          }
          uids.add(uid);
          b.attribute(Device.ZPCI_UID, String.format("0x%04x", uid));
        }
        if (d.attribute(Device.ZPCI_FID) == null) {
          while (fids.contains(fid)) {
            fid++;
          }
          fids.add(fid);
          b.attribute(Device.ZPCI_FID, String.format("0x%08x", fid));
        }
        Device assigned = b.build();
        list.set(i, work.explain ? work.why(assigned, PlanRule.ZPCI_IDS,
            assigned.attribute(Device.ZPCI_UID), assigned.attribute(Device.ZPCI_FID)) : assigned);
      }
    }
  }

  /** Reserves a user id; the adapter has checked its range, so only uniqueness is left. */
  private static void reserve(Device d, String key, String name, Set<Long> taken) {
    Long value = d.number(key);
    if (value != null && !taken.add(value)) {
      throw new InvalidDomainException(d.describe(), "zPCI " + name + " " + value + " is already reserved",
          "give each PCI device its own " + name + ", or remove it to have one assigned");
    }
  }
}
