package dev.backplane.adapters.qemuargs;

import dev.backplane.core.model.Plan;
import dev.backplane.core.port.out.TopologySink;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes a plan's QEMU arguments, one per line. */
final class QemuArgsTopologySink implements TopologySink {
  private final OutputStream out;
  private final QemuArgs.Options options;

  QemuArgsTopologySink(OutputStream out, QemuArgs.Options options) {
    this.out = out;
    this.options = options;
  }

  @Override
  public void write(Plan plan) throws IOException {
    StringBuilder text = new StringBuilder();
    for (String argument : QemuArgs.arguments(plan, options)) {
      text.append(argument).append('\n');
    }
    out.write(text.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
