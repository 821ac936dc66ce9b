package dev.backplane.adapters.qmp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The {@code info qtree} text captured from QEMU 7.2 in src/test/resources/qtree (see its
 * README). Shipped in this module's test-jar, with the captures, for the cli's verify tests.
 */
public final class QtreeCaptures {
  private QtreeCaptures() {}

  /** q35-everything.qtree, parsed. */
  public static QemuDeviceTree q35() {
    return QemuDeviceTree.parse(text("q35-everything.qtree"));
  }

  /** pc-usb-hub.qtree, parsed. */
  public static QemuDeviceTree pcUsbHub() {
    return QemuDeviceTree.parse(text("pc-usb-hub.qtree"));
  }

  /** The captured text of {@code name}, such as {@code q35-everything.qtree}. */
  public static String text(String name) {
    try (InputStream in = QtreeCaptures.class.getResourceAsStream("/qtree/" + name)) {
      if (in == null) {
        throw new IllegalStateException("no test resource /qtree/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
