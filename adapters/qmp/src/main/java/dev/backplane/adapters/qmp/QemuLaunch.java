package dev.backplane.adapters.qmp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to start QEMU: the binary, the caller's arguments and the time limits.
 *
 * <p>{@link Qmp#start} always adds {@code -S -nodefaults -display none -accel tcg} and a private
 * QMP socket before {@link #arguments()}; {@code -daemonize} is refused, because a daemonized
 * QEMU would escape the process that owns it.
 *
 * @param binary a binary name looked up on {@code PATH} ({@code qemu-system-x86_64}) or a path
 * @param arguments further arguments, such as {@code -machine q35} and {@code -device ...}
 * @param startTimeout how long QEMU may take until its monitor answers
 * @param commandTimeout the default time limit of each command
 * @param shutdownGrace how long QEMU may take to exit after {@code quit}, and again after
 *     SIGTERM, before it is killed
 * @param eventCapacity how many asynchronous events are kept; the oldest are dropped first
 */
public record QemuLaunch(
    String binary,
    List<String> arguments,
    Duration startTimeout,
    Duration commandTimeout,
    Duration shutdownGrace,
    int eventCapacity) {

  /**
   * Default {@link #startTimeout()}: generous, because a machine with hundreds of PCIe ports takes
   * seconds to build under TCG on a busy host (q35 with 240 root ports: about 9 s at load 15).
   */
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);
  /** Default {@link #commandTimeout()}. */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(10);
  /** Default {@link #shutdownGrace()}. */
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(3);
  /** Default {@link #eventCapacity()}. */
  public static final int DEFAULT_EVENT_CAPACITY = 256;

  public QemuLaunch {
    Objects.requireNonNull(binary, "binary");
    if (binary.isBlank()) {
      throw new IllegalArgumentException("binary: must not be blank");
    }
    arguments = List.copyOf(arguments);
    for (String argument : arguments) {
      if (argument.equals("-daemonize") || argument.equals("--daemonize")) {
        throw new IllegalArgumentException(
            "arguments: -daemonize is not allowed; QEMU must stay a child of the process that owns it");
      }
    }
    positive(startTimeout, "startTimeout");
    positive(commandTimeout, "commandTimeout");
    positive(shutdownGrace, "shutdownGrace");
    if (eventCapacity < 1) {
      throw new IllegalArgumentException("eventCapacity: must be at least 1, was " + eventCapacity);
    }
  }

  /** Starts a launch of {@code binary} with no arguments and the default limits. */
  public static Builder builder(String binary) {
    return new Builder(binary);
  }

  private static void positive(Duration duration, String field) {
    Objects.requireNonNull(duration, field);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(field + ": must be positive, was " + duration);
    }
  }

  /** Builds a {@link QemuLaunch}. */
  public static final class Builder {
    private final String binary;
    private final List<String> arguments = new ArrayList<>();
    private Duration startTimeout = DEFAULT_START_TIMEOUT;
    private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
    private Duration shutdownGrace = DEFAULT_SHUTDOWN_GRACE;
    private int eventCapacity = DEFAULT_EVENT_CAPACITY;

    private Builder(String binary) {
      this.binary = binary;
    }

    /** Adds {@code -machine value}, such as {@code q35} or {@code pc-q35-7.2,sata=off}. */
    public Builder machine(String value) {
      return arguments("-machine", value);
    }

    /** Adds {@code -device value}, such as {@code virtio-net-pci,bus=rp1}. */
    public Builder device(String value) {
      return arguments("-device", value);
    }

    /** Adds arguments as they are. */
    public Builder arguments(String... values) {
      for (String value : values) {
        arguments.add(Objects.requireNonNull(value, "argument"));
      }
      return this;
    }

    /** Adds arguments as they are. */
    public Builder arguments(List<String> values) {
      return arguments(values.toArray(String[]::new));
    }

    public Builder startTimeout(Duration value) {
      this.startTimeout = value;
      return this;
    }

    public Builder commandTimeout(Duration value) {
      this.commandTimeout = value;
      return this;
    }

    public Builder shutdownGrace(Duration value) {
      this.shutdownGrace = value;
      return this;
    }

    public Builder eventCapacity(int value) {
      this.eventCapacity = value;
      return this;
    }

    public QemuLaunch build() {
      return new QemuLaunch(
          binary, arguments, startTimeout, commandTimeout, shutdownGrace, eventCapacity);
    }
  }
}
