package dev.backplane.adapters.diagram;

import dev.backplane.adapters.diagram.Topology.Node;
import dev.backplane.adapters.diagram.Topology.Role;
import java.util.EnumSet;
import java.util.Set;

/**
 * Draws a plan as a Graphviz digraph, left to right: one node per bus, controller, device and run
 * of free slots, an edge from each to what sits on it labelled with the slot or port, and a legend
 * of the roles drawn. Each role has its own shape and colour.
 */
final class DotDiagram {
  private DotDiagram() {}

  /** Shape, fill colour and style of each role. */
  static String style(Role role) {
    return switch (role) {
      case ROOT_COMPLEX -> "shape=box3d, fillcolor=\"#1f4e79\", fontcolor=white";
      case EXPANDER -> "shape=box3d, fillcolor=\"#2e75b6\", fontcolor=white";
      case ROOT_PORT -> "shape=cds, fillcolor=\"#f4b183\"";
      case SWITCH_UPSTREAM -> "shape=invtrapezium, fillcolor=\"#b4a7d6\"";
      case SWITCH_DOWNSTREAM -> "shape=trapezium, fillcolor=\"#d9d2e9\"";
      case BRIDGE -> "shape=hexagon, fillcolor=\"#a9d18e\"";
      case CONTROLLER -> "shape=component, fillcolor=\"#ffe699\"";
      case BUILT_IN -> "shape=box, style=\"filled,dashed\", fillcolor=\"#ededed\"";
      case ENDPOINT -> "shape=box, style=\"filled,rounded\", fillcolor=\"#ddebf7\"";
      case BUS -> "shape=box3d, fillcolor=\"#c9c9c9\"";
      case FREE -> "shape=plaintext, style=\"\", fontcolor=\"#7f7f7f\"";
    };
  }

  static String render(Topology topology) {
    StringBuilder s = new StringBuilder("digraph topology {\n")
        .append("  graph [rankdir=LR, ranksep=0.6, nodesep=0.08, fontname=\"Helvetica\", label=")
        .append(quote(topology.title)).append(", labelloc=t];\n")
        .append("  node [style=filled, fontname=\"Helvetica\", fontsize=10, margin=\"0.08,0.02\"];\n")
        .append("  edge [fontname=\"Helvetica\", fontsize=9, arrowhead=none, color=\"#595959\"];\n");
    Set<Role> drawn = EnumSet.noneOf(Role.class);
    int[] next = {0};
    for (Node root : topology.roots) {
      node(s, root, next, drawn);
    }
    legend(s, drawn);
    return s.append("}\n").toString();
  }

  /** Writes {@code node} and its subtree; returns the node's id. */
  private static String node(StringBuilder s, Node node, int[] next, Set<Role> drawn) {
    String id = "n" + next[0]++;
    drawn.add(node.role());
    String label = node.role() == Role.FREE ? "free " + node.place() + " (" + node.what() + ")"
        : node.name() + "\n" + node.what();
    s.append("  ").append(id).append(" [label=").append(quote(label)).append(", ")
        .append(style(node.role())).append("];\n");
    for (Node child : node.children()) {
      String childId = node(s, child, next, drawn);
      s.append("  ").append(id).append(" -> ").append(childId);
      if (!child.place().isEmpty() && child.role() != Role.FREE) {
        s.append(" [label=").append(quote(child.place())).append(']');
      }
      s.append(";\n");
    }
    return id;
  }

  private static void legend(StringBuilder s, Set<Role> drawn) {
    s.append("  subgraph cluster_legend {\n    label=\"legend\"; fontsize=10; color=\"#bfbfbf\";\n");
    String previous = null;
    for (Role role : drawn) {
      String id = "legend_" + role.name().toLowerCase(java.util.Locale.ROOT);
      s.append("    ").append(id).append(" [label=").append(quote(role.words)).append(", ")
          .append(style(role)).append("];\n");
      if (previous != null) {
        s.append("    ").append(previous).append(" -> ").append(id).append(" [style=invis];\n");
      }
      previous = id;
    }
    s.append("  }\n");
  }

  /** A DOT string literal. */
  static String quote(String text) {
    return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
  }
}
