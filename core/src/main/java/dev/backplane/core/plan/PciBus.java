package dev.backplane.core.plan;

import java.util.EnumSet;
import java.util.Set;

/** One PCI bus during planning: what it accepts and which functions of its slots are taken. */
final class PciBus {
  final PciControllerModel model;
  final Set<ConnectFlag> flags;
  final int minSlot;
  final int maxSlot;
  private final int[] used = new int[32];
  private final boolean[] aggregate = new boolean[32];

  PciBus(PciControllerModel model, int minSlot, int maxSlot) {
    this(model, model.accepts(), minSlot, maxSlot);
  }

  PciBus(PciControllerModel model, Set<ConnectFlag> flags, int minSlot, int maxSlot) {
    this.model = model;
    this.flags = EnumSet.copyOf(flags);
    this.minSlot = minSlot;
    this.maxSlot = maxSlot;
  }

  boolean inUse(int slot, int function) {
    return (used[slot] & (1 << function)) != 0;
  }

  boolean slotInUse(int slot) {
    return used[slot] != 0;
  }

  boolean isAggregate(int slot) {
    return aggregate[slot];
  }

  /** Marks a function used; the first use of a slot by an aggregating device makes it aggregate. */
  void take(int slot, int function, boolean aggregating) {
    if (used[slot] == 0) {
      aggregate[slot] = aggregating;
    }
    used[slot] |= 1 << function;
  }

  /** Lowest free function of a slot, or -1. */
  int freeFunction(int slot) {
    for (int f = 0; f < 8; f++) {
      if (!inUse(slot, f)) {
        return f;
      }
    }
    return -1;
  }

  boolean isEmpty() {
    for (int slot = minSlot; slot <= maxSlot; slot++) {
      if (used[slot] != 0) {
        return false;
      }
    }
    return true;
  }

  /** Every slot has some function taken (libvirt's "fully reserved"; no whole slot is left). */
  boolean isFull() {
    for (int slot = minSlot; slot <= maxSlot; slot++) {
      if (used[slot] == 0) {
        return false;
      }
    }
    return true;
  }

  /** Functions in use in a slot, as a bit mask. */
  int functions(int slot) {
    return used[slot];
  }
}
