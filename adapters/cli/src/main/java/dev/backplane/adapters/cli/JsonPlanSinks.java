package dev.backplane.adapters.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backplane.core.model.Plan;
import dev.backplane.core.port.out.TopologySink;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;

/** Creates {@link TopologySink}s that write a plan as JSON ({@link PlanJson}). */
final class JsonPlanSinks {
  private final ObjectMapper mapper;

  @Inject
  JsonPlanSinks(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** A sink writing to {@code out}, which it leaves open. */
  TopologySink to(OutputStream out) {
    return new JsonTopologySink(mapper, out);
  }

  private record JsonTopologySink(ObjectMapper mapper, OutputStream out) implements TopologySink {
    @Override
    public void write(Plan plan) throws IOException {
      mapper.writeValue(out, PlanJson.of(plan));
      out.write('\n');
      out.flush();
    }
  }
}
