package dev.backplane.core.plan;

import dev.backplane.core.model.Address;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.InvalidDomainException;
import dev.backplane.core.model.PlanRule;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Smartcards take the next free slot of CCID controller 0 ({@code <address type='ccid'>}). */
final class CcidSlots {
  private CcidSlots() {}

  static void assign(Work work) {
    List<Device> cards = work.list(DeviceKind.SMARTCARD);
    Set<Map<String, String>> used = new HashSet<>();
    for (Device c : cards) {
      if (c.address() instanceof Address.Other o && "ccid".equals(o.type())) {
        used.add(o.attributes());
      }
    }
    for (int i = 0; i < cards.size(); i++) {
      if (cards.get(i).address() != null) {
        continue;
      }
      int slot = 0;
      while (used.contains(Map.of("controller", "0", "slot", Integer.toString(slot)))) {
        slot++;
      }
      Map<String, String> attrs = Map.of("controller", "0", "slot", Integer.toString(slot));
      used.add(attrs);
      Address.Other ccid = new Address.Other("ccid", attrs);
      cards.set(i, work.why(cards.get(i).withAddress(ccid), PlanRule.CCID_SLOT, ccid));
    }
    // libvirt 9.0 builds a single card, at slot 0 of CCID controller 0 (the rest it refuses).
    for (Device card : cards) {
      if (!(card.address() instanceof Address.Other o && "ccid".equals(o.type())
          && isZero(o.attributes().get("controller")) && isZero(o.attributes().get("slot")))) {
        throw new InvalidDomainException(card.describe(),
            "libvirt 9.0 takes a smartcard only at slot 0 of CCID controller 0 (this QEMU binary lacks"
                + " multiple smartcard support)",
            "remove the <address>, or use <address type='ccid' controller='0' slot='0'/>");
      }
    }
  }

  private static boolean isZero(String value) {
    try {
      return value == null || Long.decode(value) == 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
