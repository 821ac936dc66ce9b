package dev.backplane.adapters.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backplane.spi.MachineDescription;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;

/** Writes a machine description as JSON ({@link MachineJson}). */
final class MachineJsonWriter {
  private final ObjectMapper mapper;

  @Inject
  MachineJsonWriter(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  void write(MachineDescription description, OutputStream out) throws IOException {
    mapper.writeValue(out, MachineJson.of(description));
    out.write('\n');
    out.flush();
  }
}
