package dev.backplane.adapters.cli;

import dev.backplane.core.model.Device;
import dev.backplane.core.model.Explanation;
import dev.backplane.core.model.Plan;
import java.io.PrintStream;

/**
 * {@code plan --explain} beside a text plan: on stderr, every device the planner added or placed,
 * then one line per reason with the rule's id and where the rule lives.
 */
final class ExplanationText {
  private ExplanationText() {}

  static void write(Plan plan, PrintStream out) {
    out.println("explain: " + plan.machine().name() + " (" + plan.arch() + ")");
    for (Device d : plan.devices()) {
      if (d.explanation().isEmpty()) {
        continue;
      }
      out.println((d.qemuId() == null ? "-" : d.qemuId()) + " " + d.describe()
          + (d.address() == null ? "" : " at " + Explanation.show(d.address()))
          + (d.added() ? " (added)" : ""));
      for (Explanation.Reason reason : d.explanation().reasons()) {
        out.println("  " + reason.rule().id() + ": " + reason.text() + " [" + reason.source() + "]");
      }
    }
    out.flush();
  }
}
