package dev.backplane.core.model;

import dev.backplane.spi.Experimental;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * How the planner chooses PCI addresses and which controllers it adds, selected by name. A policy
 * is versioned: a name such as {@code dense-1} never changes its choices; a new rule set gets a new
 * version, and the short alias ({@code dense}) moves to it. Under every policy, an address the
 * domain already has is kept.
 */
@Experimental(since = "2026-11-30")
public enum PlacementPolicy {
  /** libvirt 9.0's choices, address for address (the conformance corpus holds it to that). */
  LIBVIRT_9_0("libvirt-9.0", "libvirt"),
  /**
   * Dense PCI Express topologies on machines with a pcie-root (q35, virt): one hot-pluggable port
   * per endpoint while the firmware's bus budget allows, else endpoints packed as functions of one
   * port, the fewest per port that fit; switches behind root ports when the root bus's slots run
   * out; conventional devices behind shared pcie-to-pci-bridges. Elsewhere it plans as libvirt.
   */
  DENSE_1("dense-1", "dense");

  private final String id;
  private final String alias;

  PlacementPolicy(String id, String alias) {
    this.id = id;
    this.alias = alias;
  }

  /** {@return the versioned name, such as {@code dense-1}} */
  public String id() {
    return id;
  }

  /** {@return the short name, which stands for the newest version} */
  public String alias() {
    return alias;
  }

  /** {@return every name {@link #named} takes: each policy's id, then each alias} */
  public static List<String> names() {
    return Stream.concat(Stream.of(values()).map(PlacementPolicy::id),
        Stream.of(values()).map(PlacementPolicy::alias)).toList();
  }

  /**
   * {@return the policy with this id or alias}
   *
   * @param name a policy's id or alias
   * @throws IllegalArgumentException when no policy has that name
   */
  public static PlacementPolicy named(String name) {
    Objects.requireNonNull(name, "name");
    for (PlacementPolicy p : values()) {
      if (p.id.equals(name) || p.alias.equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException("placement policy " + name + " is not known: use one of "
        + String.join(", ", names()));
  }

  @Override
  public String toString() {
    return id;
  }
}
