package dev.backplane.adapters.cli;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.backplane.core.model.BudgetUse;
import dev.backplane.core.model.Plan;
import dev.backplane.core.port.out.TopologySink;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Creates {@link TopologySink}s that write a plan as JSON ({@link PlanJson}), and the lines of
 * {@code plan --batch --format json} (JSON Lines: one compact document per domain, its file first).
 */
final class JsonPlanSinks {
  private final ObjectMapper mapper;
  private final ObjectWriter lines;

  @Inject
  JsonPlanSinks(ObjectMapper mapper) {
    this.mapper = mapper;
    this.lines = mapper.writer().without(SerializationFeature.INDENT_OUTPUT);
  }

  /** A sink writing to {@code out}, which it leaves open. */
  TopologySink to(OutputStream out) {
    return to(out, null);
  }

  /** A sink writing to {@code out} with the firmware budget's use ({@code use} may be null). */
  TopologySink to(OutputStream out, BudgetUse use) {
    return new JsonTopologySink(mapper, out, use);
  }

  /** {@code {"file": ..., "arch": ..., ...}} and a newline: the plan of one batch domain. */
  byte[] line(String file, Plan plan, BudgetUse use) {
    return line(new PlanLine(file, PlanJson.of(plan, use)));
  }

  /** {@code {"file": ..., "error": ...}} and a newline: a batch domain that failed. */
  byte[] errorLine(String file, String error) {
    return line(new ErrorLine(file, error));
  }

  private byte[] line(Object value) {
    try {
      byte[] json = lines.writeValueAsBytes(value);
      byte[] line = Arrays.copyOf(json, json.length + 1);
      line[json.length] = '\n';
      return line;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a plan as JSON", e);
    }
  }

  @JsonPropertyOrder({"file"})
  record PlanLine(String file, @JsonUnwrapped PlanJson plan) {}

  @JsonPropertyOrder({"file", "error"})
  record ErrorLine(String file, String error) {}

  private record JsonTopologySink(ObjectMapper mapper, OutputStream out, BudgetUse use)
      implements TopologySink {
    @Override
    public void write(Plan plan) throws IOException {
      mapper.writeValue(out, PlanJson.of(plan, use));
      out.write('\n');
      out.flush();
    }
  }
}
