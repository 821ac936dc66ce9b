package dev.backplane.adapters.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link PlanJson} with jackson-core's streaming generator, field by field in the order
 * the records declare, to the same bytes as Jackson's databind writes them (PlanJsonWriterTest
 * holds the two together). Not databind: its first use costs more than a cold plan (hundreds of
 * classes, which every start would also map from the archive; README, "Speed").
 */
final class PlanJsonWriter {
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
      .build();

  private PlanJsonWriter() {}

  /** The plan, indented, as {@code plan --format json} prints it (without the final newline). */
  static void write(PlanJson plan, OutputStream out) throws IOException {
    try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      fields(g, plan);
      g.writeEndObject();
    }
  }

  /** One line of {@code plan --batch --format json}: the file, then the plan's fields, compact. */
  static byte[] line(String file, PlanJson plan) {
    return compact(g -> {
      g.writeStringField("file", file);
      fields(g, plan);
    });
  }

  /** One line of a batch domain that failed: {@code {"file": ..., "error": ...}}. */
  static byte[] errorLine(String file, String error) {
    return compact(g -> {
      g.writeStringField("file", file);
      g.writeStringField("error", error);
    });
  }

  private interface Fields {
    void write(JsonGenerator g) throws IOException;
  }

  private static byte[] compact(Fields fields) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      fields.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a plan as JSON", e); // a byte array does not fail
    }
    out.write('\n');
    return out.toByteArray();
  }

  private static void fields(JsonGenerator g, PlanJson plan) throws IOException {
    g.writeStringField("arch", plan.arch());
    g.writeStringField("machine", plan.machine());
    g.writeArrayFieldStart("controllers");
    for (PlanJson.ControllerJson c : plan.controllers()) {
      g.writeStartObject();
      g.writeStringField("type", c.type());
      number(g, "index", c.index());
      g.writeStringField("model", c.model());
      g.writeStringField("id", c.id());
      address(g, c.address());
      explanation(g, c.explanation());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("devices");
    for (PlanJson.DeviceJson d : plan.devices()) {
      g.writeStartObject();
      g.writeStringField("id", d.id());
      g.writeStringField("kind", d.kind());
      g.writeStringField("model", d.model());
      address(g, d.address());
      explanation(g, d.explanation());
      g.writeEndObject();
    }
    g.writeEndArray();
    if (plan.firmware() != null) {
      PlanJson.FirmwareJson f = plan.firmware();
      g.writeObjectFieldStart("firmware");
      g.writeStringField("name", f.name());
      g.writeBooleanField("measured", f.measured());
      use(g, "busNumbers", f.busNumbers());
      use(g, "ioWindows", f.ioWindows());
      g.writeEndObject();
    }
  }

  private static void use(JsonGenerator g, String name, PlanJson.UseJson use) throws IOException {
    g.writeObjectFieldStart(name);
    g.writeNumberField("used", use.used());
    number(g, "limit", use.limit());
    if (use.bridges() != null) {
      g.writeArrayFieldStart("bridges");
      for (String bridge : use.bridges()) {
        g.writeString(bridge);
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  private static void explanation(JsonGenerator g, List<PlanJson.ReasonJson> reasons) throws IOException {
    if (reasons == null) {
      return;
    }
    g.writeArrayFieldStart("explanation");
    for (PlanJson.ReasonJson r : reasons) {
      g.writeStartObject();
      g.writeStringField("rule", r.rule());
      g.writeStringField("source", r.source());
      g.writeStringField("text", r.text());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /** An address record of {@link PlanJson#addressOf}, its fields in their declared order. */
  private static void address(JsonGenerator g, Object address) throws IOException {
    g.writeFieldName("address");
    if (address == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    if (address instanceof PlanJson.PciJson a) {
      g.writeStringField("type", a.type());
      g.writeNumberField("domain", a.domain());
      g.writeNumberField("bus", a.bus());
      g.writeNumberField("slot", a.slot());
      g.writeNumberField("function", a.function());
      if (a.multifunction() != null) {
        g.writeBooleanField("multifunction", a.multifunction());
      }
    } else if (address instanceof PlanJson.DriveJson a) {
      g.writeStringField("type", a.type());
      g.writeNumberField("controller", a.controller());
      g.writeNumberField("bus", a.bus());
      g.writeNumberField("target", a.target());
      g.writeNumberField("unit", a.unit());
    } else if (address instanceof PlanJson.VirtioSerialJson a) {
      g.writeStringField("type", a.type());
      g.writeNumberField("controller", a.controller());
      g.writeNumberField("bus", a.bus());
      g.writeNumberField("port", a.port());
    } else if (address instanceof PlanJson.UsbJson a) {
      g.writeStringField("type", a.type());
      g.writeNumberField("bus", a.bus());
      g.writeStringField("port", a.port());
    } else if (address instanceof PlanJson.CcwJson a) {
      g.writeStringField("type", a.type());
      g.writeStringField("cssid", a.cssid());
      g.writeStringField("ssid", a.ssid());
      g.writeStringField("devno", a.devno());
    } else if (address instanceof PlanJson.SpaprVioJson a) {
      g.writeStringField("type", a.type());
      g.writeStringField("reg", a.reg());
    } else if (address instanceof PlanJson.TypeOnlyJson a) {
      g.writeStringField("type", a.type());
    } else if (address instanceof Map<?, ?> other) {
      for (Map.Entry<?, ?> e : other.entrySet()) {
        g.writeStringField((String) e.getKey(), (String) e.getValue());
      }
    } else {
      throw new IllegalArgumentException("not an address of PlanJson.addressOf: " + address.getClass());
    }
    g.writeEndObject();
  }

  private static void number(JsonGenerator g, String name, Integer value) throws IOException {
    if (value == null) {
      g.writeNullField(name);
    } else {
      g.writeNumberField(name, value);
    }
  }
}
