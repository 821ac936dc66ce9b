package dev.backplane.adapters.qemuargs;

import dev.backplane.core.model.InvalidDomainException;
import dev.backplane.core.model.Plan;
import dev.backplane.core.port.out.TopologySink;
import dev.backplane.spi.MachineDescription;
import java.io.OutputStream;
import java.util.List;
import java.util.Objects;

/**
 * Turns a {@link Plan} into QEMU command-line arguments, a complete list as
 * {@code virsh domxml-to-native} gives: {@code -nodefaults}, {@code -machine NAME}, {@code -display
 * none} when the domain has no {@code <graphics>}, then one {@code -device} per controller and
 * device QEMU does not build in by itself, each with the planner's id, bus and address, buses
 * before the devices on them. With {@link Options#binary()} the QEMU binary comes first, so the
 * list runs as it is.
 *
 * <p>Devices refer to
 * their backends by id ({@code drive=drive-virtio-disk0}, {@code netdev=hostnet0},
 * {@code chardev=charserial0}, {@code rng=objrng0}, {@code audiodev=audio1}, ...). With
 * {@link Options#stubBackends()} those backends are defined too, as null backends that need no
 * host resource, so the arguments start under {@code -S}.
 *
 * <p>Only devices the target binary has are named: the plan's machine lists them
 * ({@link dev.backplane.spi.MachineDescription#qemuDevices()}, from the built-in plugins or a
 * probe). Where the preferred device is missing, the one libvirt falls back to is used (a primary
 * {@code virtio} video takes {@code virtio-gpu-pci} without {@code virtio-vga}).
 *
 * <p>A device QEMU has no type for, one the target binary lacks with no fallback, or (with stub
 * backends) one that needs a host resource that cannot be stubbed, makes {@link #arguments} throw
 * {@link InvalidDomainException} naming it.
 */
public final class QemuArgs {

  /**
   * How the arguments are written.
   *
   * @param stubBackends also define null backends ({@code null-co} block nodes, hub-port netdevs,
   *     {@code null} chardevs, {@code rng-builtin}, {@code -audiodev none}, {@code synth} fsdevs,
   *     RAM memory backends) for every device that needs one
   * @param binary put the QEMU binary ({@link #binary(MachineDescription)}) first
   */
  public record Options(boolean stubBackends, boolean binary) {
    /** Devices only: backends are named, not defined. */
    public static final Options DEFAULT = new Options(false, false);
    /** Devices and null backends. */
    public static final Options STUB_BACKENDS = new Options(true, false);

    /** {@return these options, with the QEMU binary first} */
    public Options withBinary() {
      return new Options(stubBackends, true);
    }
  }

  private QemuArgs() {}

  /** The arguments for {@code plan}, one list element per command-line argument. */
  public static List<String> arguments(Plan plan, Options options) {
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(options, "options");
    List<String> arguments = new ArgumentBuilder(plan, options.stubBackends()).build();
    if (!options.binary()) {
      return arguments;
    }
    List<String> command = new java.util.ArrayList<>(arguments.size() + 1);
    command.add(binary(plan.machine()));
    command.addAll(arguments);
    return List.copyOf(command);
  }

  /**
   * The QEMU binary of a machine, as its plugin or probe names it ({@code qemu-system-arm} for
   * armv7l), else its device catalog's, else {@code qemu-system-ARCH}.
   */
  public static String binary(MachineDescription machine) {
    return machine.qemuBinary()
        .or(() -> machine.devices().qemuBinary())
        .orElse("qemu-system-" + machine.arch());
  }

  /** A sink writing the arguments to {@code out}, one per line (UTF-8); it leaves {@code out} open. */
  public static TopologySink sink(OutputStream out, Options options) {
    return new QemuArgsTopologySink(Objects.requireNonNull(out, "out"),
        Objects.requireNonNull(options, "options"));
  }
}
