package dev.backplane.adapters.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Lays out a machine table for people and diffs: objects one key per line, an array of objects
 * one element per line (each on one line), a short array of texts on one line and a long one
 * (the device list) one text per line. Always the same bytes for the same table.
 */
final class TableJson {
  private static final int WIDTH = 100;

  private TableJson() {}

  static String write(JsonNode table) {
    StringBuilder out = new StringBuilder();
    block(out, table, 0);
    return out.append('\n').toString();
  }

  private static void block(StringBuilder out, JsonNode node, int indent) {
    if (node.isObject() && !node.isEmpty()) {
      out.append("{\n");
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        pad(out, indent + 1).append(inline(field.getKey())).append(": ");
        block(out, field.getValue(), indent + 1);
        out.append(fields.hasNext() ? ",\n" : "\n");
      }
      pad(out, indent).append('}');
    } else if (node.isArray() && !node.isEmpty()) {
      boolean objects = node.get(0).isContainerNode();
      String oneLine = inline(node);
      if (!objects && oneLine.length() + 2 * indent <= WIDTH) {
        out.append(oneLine);
        return;
      }
      out.append("[\n");
      for (int i = 0; i < node.size(); i++) {
        pad(out, indent + 1).append(inline(node.get(i))).append(i + 1 < node.size() ? ",\n" : "\n");
      }
      pad(out, indent).append(']');
    } else {
      out.append(inline(node));
    }
  }

  private static String inline(JsonNode node) {
    if (node.isObject()) {
      List<String> fields = new ArrayList<>();
      node.fields().forEachRemaining(f -> fields.add(inline(f.getKey()) + ": " + inline(f.getValue())));
      return "{" + String.join(", ", fields) + "}";
    }
    if (node.isArray()) {
      List<String> elements = new ArrayList<>();
      node.forEach(e -> elements.add(inline(e)));
      return "[" + String.join(", ", elements) + "]";
    }
    return node.toString();
  }

  private static String inline(String key) {
    return com.fasterxml.jackson.databind.node.TextNode.valueOf(key).toString();
  }

  private static StringBuilder pad(StringBuilder out, int indent) {
    return out.append("  ".repeat(indent));
  }
}
