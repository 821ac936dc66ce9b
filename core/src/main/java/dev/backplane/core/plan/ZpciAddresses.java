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
 * placement. A first walk over the devices reserves the user's uids/fids, which must be unique;
 * a device given one of the two gets the other right there (the lowest unused), so a later
 * device's user id can clash with it. Then the devices without ids get the lowest unused uid
 * (from 1) and fid (from 0), in libvirt's device walk (not PCI placement order). PCI controllers
 * added while placing (bridges) get none: libvirt decides which devices take zPCI ids before it
 * adds them.
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
    Ids uids = new Ids(1);
    Ids fids = new Ids(0);
    for (DeviceKind kind : Work.DEVICE_WALK) {
      List<Device> list = work.list(kind);
      for (int i = 0; i < list.size(); i++) {
        Device d = list.get(i);
        reserve(d, Device.ZPCI_UID, "uid", uids);
        reserve(d, Device.ZPCI_FID, "fid", fids);
        boolean partial = d.attribute(Device.ZPCI_UID) != null || d.attribute(Device.ZPCI_FID) != null;
        if (partial && takesIds(d)) {
          complete(work, list, i, uids, fids);
        }
      }
    }
    for (DeviceKind kind : Work.DEVICE_WALK) {
      List<Device> list = work.list(kind);
      for (int i = 0; i < list.size(); i++) {
        if (takesIds(list.get(i))) {
          complete(work, list, i, uids, fids);
          Device d = list.get(i);
          list.set(i, work.explain ? work.why(d, PlanRule.ZPCI_IDS,
              d.attribute(Device.ZPCI_UID), d.attribute(Device.ZPCI_FID)) : d);
        }
      }
    }
  }

  /** Whether libvirt gives the device zPCI ids: a PCI address, not a chardev, not an added bridge. */
  private static boolean takesIds(Device d) {
    boolean addedPciController = d.kind() == DeviceKind.CONTROLLER && "pci".equals(d.type()) && d.added();
    return d.address() instanceof Address.Pci && !CHARDEVS.contains(d.kind()) && !addedPciController;
  }

  /** Gives the device at {@code list[i]} the lowest unused uid and fid it lacks. */
  private static void complete(Work work, List<Device> list, int i, Ids uids, Ids fids) {
    Device d = list.get(i);
    if (d.attribute(Device.ZPCI_UID) != null && d.attribute(Device.ZPCI_FID) != null) {
      return;
    }
    Device.Builder b = d.toBuilder();
    if (d.attribute(Device.ZPCI_UID) == null) {
      long uid = uids.takeLowestFree();
      if (uid > MAX_UID) {
        throw new InvalidDomainException(d.describe(), "no zPCI uid is left (they go up to 0xffff)",
            "remove PCI devices");
      }
      b.attribute(Device.ZPCI_UID, String.format("0x%04x", uid));
    }
    if (d.attribute(Device.ZPCI_FID) == null) {
      long fid = fids.takeLowestFree();
      b.attribute(Device.ZPCI_FID, String.format("0x%08x", fid));
    }
    list.set(i, b.build());
  }

  /**
   * The ids taken so far. Ids are never given back, so the lowest free one only grows and each
   * search resumes where the last stopped.
   */
  private static final class Ids {
    private final Set<Long> taken = new HashSet<>();
    private long lowestFree;

    Ids(long first) {
      lowestFree = first;
    }

    boolean add(long id) {
      return taken.add(id);
    }

    long takeLowestFree() {
      while (taken.contains(lowestFree)) {
        lowestFree++;
      }
      taken.add(lowestFree);
      return lowestFree;
    }
  }

  /** Reserves a user id; the adapter has checked its range, so only uniqueness is left. */
  private static void reserve(Device d, String key, String name, Ids taken) {
    Long value = d.number(key);
    if (value != null && !taken.add(value)) {
      throw new InvalidDomainException(d.describe(), "zPCI " + name + " " + value + " is already reserved",
          "give each PCI device its own " + name + ", or remove it to have one assigned");
    }
  }
}
