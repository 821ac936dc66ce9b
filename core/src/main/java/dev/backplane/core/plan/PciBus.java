package dev.backplane.core.plan;

import java.util.Set;

/** One PCI bus during planning: what it accepts and which functions of its slots are taken. */
final class PciBus {
  final PciControllerModel model;
  /** What the bus accepts, as a {@link ConnectFlag#mask}. */
  private int flags;
  final int minSlot;
  final int maxSlot;
  /** Per slot, the functions taken, one bit each (a root port's bus has slot 0 only). */
  private final int[] used;
  /** The aggregate slots, one bit each. */
  private int aggregate;
  /** Who holds each taken function (8 per slot), made on the first owner; see {@link #owner}. */
  private Object[] owners;

  PciBus(PciControllerModel model, int minSlot, int maxSlot) {
    this(model, model.acceptsMask(), minSlot, maxSlot);
  }

  PciBus(PciControllerModel model, Set<ConnectFlag> flags, int minSlot, int maxSlot) {
    this(model, ConnectFlag.mask(flags), minSlot, maxSlot);
  }

  private PciBus(PciControllerModel model, int flags, int minSlot, int maxSlot) {
    this.model = model;
    this.flags = flags;
    this.minSlot = minSlot;
    this.maxSlot = maxSlot;
    this.used = new int[maxSlot + 1];
  }

  /** What the bus accepts, as a {@link ConnectFlag#mask}. */
  int flags() {
    return flags;
  }

  boolean accepts(ConnectFlag flag) {
    return (flags & flag.bit()) != 0;
  }

  /** Makes the bus accept {@code more} as well. */
  void accept(Set<ConnectFlag> more) {
    flags |= ConnectFlag.mask(more);
  }

  boolean inUse(int slot, int function) {
    return (used[slot] & (1 << function)) != 0;
  }

  boolean slotInUse(int slot) {
    return used[slot] != 0;
  }

  boolean isAggregate(int slot) {
    return (aggregate & 1 << slot) != 0;
  }

  /** Marks a function used; the first use of a slot by an aggregating device makes it aggregate. */
  void take(int slot, int function, boolean aggregating) {
    if (used[slot] == 0 && aggregating) {
      aggregate |= 1 << slot;
    }
    used[slot] |= 1 << function;
  }

  /**
   * Who holds a function: a {@link dev.backplane.core.model.Device}, described only when a message
   * names it, or a text such as "the built-in ICH9 SATA"; null when nobody was named.
   */
  Object owner(int slot, int function) {
    return owners == null ? null : owners[slot * 8 + function];
  }

  void setOwner(int slot, int function, Object owner) {
    if (owners == null) {
      owners = new Object[used.length * 8];
    }
    owners[slot * 8 + function] = owner;
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
