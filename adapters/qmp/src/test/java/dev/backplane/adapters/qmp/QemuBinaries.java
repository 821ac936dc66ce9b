package dev.backplane.adapters.qmp;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/** Real QEMU for tests tagged {@code qemu}: skipped when missing, except with CI=true. */
final class QemuBinaries {
  private QemuBinaries() {}

  /** The binary's path; aborts the test when it is missing, or fails it when CI=true. */
  static String require(String binary) {
    return Qmp.locate(binary).map(Object::toString).orElseGet(() -> {
      String message = binary + ": " + Binaries.notFound(binary);
      if ("true".equals(System.getenv("CI"))) {
        fail(message + "; with CI=true a missing QEMU binary fails the run");
      }
      Assumptions.abort(message + "; skipped (CI is not true)");
      throw new AssertionError("unreachable");
    });
  }
}
