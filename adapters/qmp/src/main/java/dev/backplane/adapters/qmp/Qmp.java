package dev.backplane.adapters.qmp;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Entry point: starts a QEMU this JVM owns and talks QMP to it over a unix domain socket.
 *
 * <pre>{@code
 * try (QemuInstance qemu = Qmp.start(QemuLaunch.builder("qemu-system-x86_64")
 *     .machine("q35").device("pcie-root-port,id=rp1,bus=pcie.0,chassis=1").build())) {
 *   String qtree = qemu.humanMonitorCommand("info qtree");
 * }
 * }</pre>
 */
public final class Qmp {
  private Qmp() {}

  /**
   * Starts QEMU with {@code -S -nodefaults -display none -accel tcg}, a QMP socket in a private
   * temporary directory and the launch's arguments, then connects and negotiates capabilities.
   * When this throws, QEMU has been stopped and the directory deleted.
   *
   * @throws QemuNotFoundException when the binary does not exist or cannot be run
   * @throws QemuStartException when QEMU exits before its monitor is ready (bad arguments)
   * @throws QmpTimeoutException when the monitor is not ready within the start timeout
   * @throws QmpProtocolException when the monitor does not speak QMP
   */
  public static QemuInstance start(QemuLaunch launch) {
    return QemuProcess.start(launch);
  }

  /**
   * Finds a QEMU binary: a name is looked up on {@code PATH}, a path is checked as it is.
   *
   * @return the executable, or empty when there is none
   */
  public static Optional<Path> locate(String binary) {
    return Binaries.locate(binary);
  }
}
