package dev.backplane.adapters.qmp;

/**
 * The QEMU binary does not exist or cannot be run. An environment problem: the command line maps
 * it to exit code 3.
 */
public final class QemuNotFoundException extends QmpException {
  QemuNotFoundException(String binary, String message, Throwable cause) {
    super(binary, message, null, cause);
  }
}
