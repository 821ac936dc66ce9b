package dev.backplane.core.model;

import dev.backplane.spi.Stable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Why a device is in the plan and where it is: the reasons the planner recorded, in the order it
 * decided, when asked to explain ({@code PlanTopologyCommand.explain}). The planner records a rule
 * and its values only; the words are made when {@link Reason#text()} is called.
 */
@Stable
public record Explanation(List<Reason> reasons) {
  /** No reasons: a device of a plan made without {@code explain}. */
  public static final Explanation NONE = new Explanation(List.of());

  /**
   * Copies the reasons.
   *
   * @param reasons the reasons, in the order the planner decided
   */
  public Explanation {
    reasons = List.copyOf(reasons);
  }

  /**
   * {@return this explanation and one more reason}
   *
   * @param reason the reason to add
   */
  public Explanation with(Reason reason) {
    List<Reason> more = new ArrayList<>(reasons);
    more.add(reason);
    return new Explanation(more);
  }

  /** {@return whether there is no reason} */
  public boolean isEmpty() {
    return reasons.isEmpty();
  }

  /** One decision: a rule and the values it decided with (addresses, models, indexes...). */
  public record Reason(PlanRule rule, List<Object> values) {
    /**
     * Copies the values; a value may be null.
     *
     * @param rule the rule that decided
     * @param values the values its words name, in order
     */
    public Reason {
      values = Collections.unmodifiableList(Arrays.asList(values.toArray()));
    }

    /**
     * {@return a reason}
     *
     * @param rule the rule that decided
     * @param values the values its words name, in order
     */
    public static Reason of(PlanRule rule, Object... values) {
      return new Reason(rule, Arrays.asList(values));
    }

    /** {@return the rule's words with its values filled in} */
    public String text() {
      return fill(rule.words());
    }

    /**
     * {@return where the rule lives, with its values filled in ({@code machine data: preferredSlots.usb2-set})}
     */
    public String source() {
      return fill(rule.source());
    }

    private String fill(String words) {
      StringBuilder out = new StringBuilder();
      int i = 0;
      while (i < words.length()) {
        char c = words.charAt(i);
        int close = c == '{' ? words.indexOf('}', i) : -1;
        if (close < 0) {
          out.append(c);
          i++;
          continue;
        }
        String spec = words.substring(i + 1, close);
        boolean hex = spec.endsWith(":x");
        int n = Integer.parseInt(hex ? spec.substring(0, spec.length() - 2) : spec);
        out.append(show(n < values.size() ? values.get(n) : null, hex));
        i = close + 1;
      }
      return out.toString();
    }
  }

  /** A value as explanations write it; addresses as in {@link #show(Address)}. */
  static String show(Object value, boolean hex) {
    if (value == null) {
      return "";
    }
    if (value instanceof Address address) {
      return show(address);
    }
    if (value instanceof Device device) {
      return device.describe();
    }
    if (value instanceof Number number && hex) {
      return "0x" + Long.toHexString(number.longValue());
    }
    if (value instanceof List<?> list) {
      List<String> shown = new ArrayList<>();
      list.forEach(v -> shown.add(show(v, hex)));
      return String.join(", ", shown);
    }
    return value.toString();
  }

  /**
   * {@return an address as explanations write it: {@code 00:02.2} for PCI, {@code fe.0.0001} for CCW, the
   * others by type and fields ({@code drive controller 0 bus 0 target 0 unit 1})}
   *
   * @param address an address, or null
   */
  public static String show(Address address) {
    if (address instanceof Address.Pci pci) {
      return pci.toString();
    }
    if (address instanceof Address.Ccw ccw) {
      return "ccw " + ccw;
    }
    if (address instanceof Address.Drive d) {
      return "drive controller " + d.controller() + " bus " + d.bus() + " target " + d.target()
          + " unit " + d.unit();
    }
    if (address instanceof Address.VirtioSerial v) {
      return "virtio-serial controller " + v.controller() + " bus " + v.bus() + " port " + v.port();
    }
    if (address instanceof Address.Usb u) {
      return "usb bus " + u.bus() + (u.port() == null ? "" : " port " + u.port());
    }
    if (address instanceof Address.SpaprVio s) {
      return "spapr-vio reg " + (s.reg() == null ? "?" : "0x" + Long.toHexString(s.reg()));
    }
    if (address instanceof Address.VirtioMmio) {
      return "virtio-mmio";
    }
    Address.Other other = (Address.Other) address;
    StringBuilder s = new StringBuilder(other.type());
    Map<String, String> sorted = new TreeMap<>(other.attributes());
    sorted.forEach((k, v) -> s.append(' ').append(k).append('=').append(v));
    return s.toString();
  }
}
