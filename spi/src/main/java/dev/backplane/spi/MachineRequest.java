package dev.backplane.spi;

import java.util.LinkedHashMap;
import java.util.Map;
import org.immutables.value.Value;

/**
 * A machine type asked for by name, as in {@code -machine q35,sata=off}: the architecture, the name
 * or alias, and the machine options that change its layout.
 */
@Stable
@Value.Immutable
public abstract class MachineRequest {

  /**
   * {@return QEMU target architecture, as libvirt spells it: {@code x86_64}, {@code aarch64} and so on}
   */
  public abstract String arch();

  /** {@return machine type name or alias, without options} */
  public abstract String name();

  /** {@return machine options such as {@code sata=off}, in the order given} */
  public abstract Map<String, String> options();

  /**
   * {@return a request for machine type {@code name} (or an alias) of {@code arch}, without
   * options}
   *
   * @param arch the architecture, as libvirt spells it ({@code x86_64}, {@code s390x})
   * @param name the name
   */
  public static MachineRequest of(String arch, String name) {
    return builder().arch(arch).name(name).build();
  }

  /**
   * Parses {@code name[,key=value...]} as QEMU's {@code -machine} does.
   *
   * @param arch the architecture, as libvirt spells it
   * @param spec the machine name or alias, with options
   * @return the request
   * @throws IllegalArgumentException when the name is empty or an option is not {@code key=value}
   */
  public static MachineRequest parse(String arch, String spec) {
    String[] parts = spec.split(",", -1); // -1 keeps empty parts: "," and "q35," are malformed
    if (parts[0].isBlank()) {
      throw new IllegalArgumentException("machine type name in '" + spec + "' is empty");
    }
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 1; i < parts.length; i++) {
      int eq = parts[i].indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "machine option '" + parts[i] + "' in '" + spec + "' is not key=value");
      }
      options.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
    }
    return builder().arch(arch).name(parts[0]).putAllOptions(options).build();
  }

  /**
   * Refuses an empty architecture or name with an {@link IllegalArgumentException} naming it; run
   * by the builder's {@code build()}.
   */
  @Value.Check
  protected void check() {
    if (arch().isBlank()) {
      throw new IllegalArgumentException("MachineRequest.arch must not be blank");
    }
    if (name().isBlank()) {
      throw new IllegalArgumentException("MachineRequest.name must not be blank");
    }
  }

  /** {@return a new builder of a machine request} */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a machine request; {@code build()} fails on a missing field or a broken invariant. */
  public static class Builder extends ImmutableMachineRequest.Builder {}
}
