package dev.backplane.spi;

import java.util.Optional;
import org.immutables.value.Value;

/**
 * What one guest firmware can enumerate on a machine type: the PCI bus numbers of one PCI domain
 * and the 4 KiB I/O windows it gives bridges, measured on real firmware. The engine counts what a
 * plan uses ({@code 1 +} its bridge functions per PCI root; each top-level bridge whose subtree has
 * an I/O BAR, or that reserves I/O itself, rounded up to 4 KiB) and refuses a plan over a limit.
 *
 * <p>Plugins SHOULD give a budget only for a firmware they have measured, and mark the firmware
 * QEMU (or libvirt) uses for the machine by default with {@link #isDefault()}, and the UEFI one
 * with {@link #efi()}.
 */
@Experimental(since = "2026-11-30")
@Value.Immutable
public abstract class FirmwareBudget {

  /** {@return the firmware's name: {@code seabios}, {@code ovmf}, {@code aavmf}, {@code slof}} */
  public abstract String firmware();

  /**
   * {@return bus numbers of one PCI domain (the root bus and one per bridge function); absent: not limited}
   */
  public abstract Optional<Integer> busNumbers();

  /**
   * {@return 4 KiB I/O windows the firmware can give bridges behind the root bus; absent: not limited}
   */
  public abstract Optional<Integer> ioWindows();

  /**
   * {@return whether conventional PCI bridges ({@code pci-bridge}, {@code pcie-to-pci-bridge}) take an I/O
   * window even when nothing below them has an I/O BAR (SeaBIOS reserves one for SHPC hot-plug)}
   */
  @Value.Default
  public boolean conventionalBridgesTakeIo() {
    return false;
  }

  /**
   * {@return whether QEMU (or libvirt, when QEMU runs none) uses this firmware for the machine by default}
   */
  @Value.Default
  public boolean isDefault() {
    return false;
  }

  /**
   * {@return whether this is the machine's UEFI firmware ({@code <os firmware='efi'>}, an edk2 loader)}
   */
  @Value.Default
  public boolean efi() {
    return false;
  }

  /**
   * {@return what the firmware does with a plan over its bus budget, in words, for error messages}
   */
  public abstract Optional<String> overBusNumbers();

  /**
   * {@return what the firmware does with a plan over its I/O budget, in words, for error messages}
   */
  public abstract Optional<String> overIoWindows();

  /**
   * Refuses a negative or inconsistent count with an {@link IllegalArgumentException} naming it;
   * run by the builder's {@code build()}.
   */
  @Value.Check
  protected void check() {
    if (firmware().isBlank()) {
      throw new IllegalArgumentException("FirmwareBudget: firmware must not be blank");
    }
    if (busNumbers().filter(n -> n < 1 || n > 256).isPresent()) {
      throw new IllegalArgumentException("FirmwareBudget " + firmware() + ": busNumbers must be 1..256");
    }
    if (ioWindows().filter(n -> n < 0 || n > 16).isPresent()) {
      throw new IllegalArgumentException("FirmwareBudget " + firmware() + ": ioWindows must be 0..16");
    }
  }

  /** {@return a new builder of a firmware budget} */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a firmware budget; {@code build()} fails on a missing field or a broken invariant. */
  public static class Builder extends ImmutableFirmwareBudget.Builder {}
}
