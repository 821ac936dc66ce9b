package dev.backplane.adapters.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * An asynchronous QMP event, such as {@code SHUTDOWN} or {@code DEVICE_DELETED}.
 *
 * @param name the event name
 * @param data the event's {@code data} member, or an empty object when it has none; do not modify
 * @param timestamp when QEMU emitted it
 */
public record QmpEvent(String name, JsonNode data, Instant timestamp) {
  public QmpEvent {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(timestamp, "timestamp");
  }
}
