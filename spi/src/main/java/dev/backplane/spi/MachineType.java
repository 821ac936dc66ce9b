package dev.backplane.spi;

import java.util.List;
import org.immutables.value.Value;

/** One entry of a plugin's catalogue: a canonical machine name, its aliases and flags. */
@Stable
@Value.Immutable
public abstract class MachineType {

  /** {@return the architecture, as libvirt spells it} */
  public abstract String arch();

  /** {@return canonical, versioned name such as {@code pc-q35-7.2}} */
  public abstract String name();

  /** {@return other names QEMU accepts for this type, such as {@code q35}} */
  public abstract List<String> aliases();

  /** {@return whether QEMU starts this type when no {@code -machine} is given} */
  @Value.Default
  public boolean isDefault() {
    return false;
  }

  /** {@return whether QEMU has deprecated this type (it still starts, with a warning)} */
  @Value.Default
  public boolean deprecated() {
    return false;
  }

  /**
   * {@return true when the request names this type (or an alias) for the same architecture}
   *
   * @param request the machine asked for
   */
  public boolean matches(MachineRequest request) {
    return arch().equals(request.arch())
        && (name().equals(request.name()) || aliases().contains(request.name()));
  }

  /** {@return a new builder of a machine type} */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a machine type; {@code build()} fails on a missing field. */
  public static class Builder extends ImmutableMachineType.Builder {}
}
