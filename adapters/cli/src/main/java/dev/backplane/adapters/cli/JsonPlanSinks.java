package dev.backplane.adapters.cli;

import dev.backplane.core.model.BudgetUse;
import dev.backplane.core.model.Plan;
import dev.backplane.core.port.out.TopologySink;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Creates {@link TopologySink}s that write a plan as JSON ({@link PlanJson}), and the lines of
 * {@code plan --batch --format json} (JSON Lines: one compact document per domain, its file first).
 */
final class JsonPlanSinks {
  @Inject
  JsonPlanSinks() {}

  /** A sink writing to {@code out}, which it leaves open. */
  TopologySink to(OutputStream out) {
    return to(out, null);
  }

  /** A sink writing to {@code out} with the firmware budget's use ({@code use} may be null). */
  TopologySink to(OutputStream out, BudgetUse use) {
    return new JsonTopologySink(out, use);
  }

  /** {@code {"file": ..., "arch": ..., ...}} and a newline: the plan of one batch domain. */
  byte[] line(String file, Plan plan, BudgetUse use) {
    return PlanJsonWriter.line(file, PlanJson.of(plan, use));
  }

  /** {@code {"file": ..., "error": ...}} and a newline: a batch domain that failed. */
  byte[] errorLine(String file, String error) {
    return PlanJsonWriter.errorLine(file, error);
  }

  private record JsonTopologySink(OutputStream out, BudgetUse use) implements TopologySink {
    @Override
    public void write(Plan plan) throws IOException {
      PlanJsonWriter.write(PlanJson.of(plan, use), out);
      out.write('\n');
      out.flush();
    }
  }
}
