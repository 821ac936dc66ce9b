package dev.backplane.core.plan;

import dev.backplane.core.model.Address;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.PlanRule;
import java.util.List;

/**
 * When explaining: the addresses the domain gives in full, which every phase keeps. A partial one
 * (a PCI address of 00:00.0, a spapr-vio address without reg, a USB bus without port, a
 * virtio-serial port 0) is completed by a phase, which records its own rule.
 */
final class AsWritten {
  private AsWritten() {}

  static void record(Work work) {
    for (DeviceKind kind : DeviceKind.values()) {
      List<Device> list = work.list(kind);
      for (int i = 0; i < list.size(); i++) {
        Address address = list.get(i).address();
        if (address != null && complete(address, kind)) {
          work.explainAt(kind, i, PlanRule.AS_WRITTEN, address);
        }
      }
    }
  }

  private static boolean complete(Address address, DeviceKind kind) {
    if (address instanceof Address.Pci pci) {
      return !pci.isWanted();
    }
    if (address instanceof Address.SpaprVio vio) {
      return vio.reg() != null;
    }
    if (address instanceof Address.Usb usb) {
      return usb.port() != null;
    }
    if (address instanceof Address.VirtioSerial vs) {
      return vs.port() > 0 || kind != DeviceKind.CHANNEL; // only channels get a port chosen
    }
    return true;
  }
}
