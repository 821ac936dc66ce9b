package dev.backplane.adapters.diagram;

import dev.backplane.adapters.diagram.Topology.Node;
import java.util.List;

/**
 * Draws a plan as an {@code lspci -tv}-style tree: one line per bus, controller, device and run
 * of free slots, {@code +-} before every child but the last, {@code \-} before the last.
 */
final class TreeDiagram {
  private TreeDiagram() {}

  static String render(Topology topology) {
    StringBuilder s = new StringBuilder(topology.title).append('\n');
    for (Node root : topology.roots) {
      s.append(label(root)).append('\n');
      children(s, root.children(), "");
    }
    return s.toString();
  }

  private static void children(StringBuilder s, List<Node> nodes, String indent) {
    for (int i = 0; i < nodes.size(); i++) {
      boolean last = i == nodes.size() - 1;
      Node node = nodes.get(i);
      s.append(indent).append(last ? "\\-" : "+-").append(label(node)).append('\n');
      children(s, node.children(), indent + (last ? "  " : "| "));
    }
  }

  private static String label(Node node) {
    String place = node.place().isEmpty() ? "" : node.place() + " ";
    return switch (node.role()) {
      case FREE -> place + "(free: " + node.what() + ")";
      case ENDPOINT -> place + node.name() + "  " + node.what();
      case BUILT_IN -> place + node.name() + "  [built in]";
      default -> place + node.name() + "  " + node.what() + "  [" + node.role().words + "]";
    };
  }
}
