package dev.backplane.adapters.diagram;

import dev.backplane.core.model.Plan;
import dev.backplane.core.port.out.TopologySink;
import dev.backplane.spi.MachineDescription;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Pictures of a planned topology: an {@code lspci -tv}-style text tree, a Graphviz DOT graph,
 * and SVG drawn by Graphviz's {@code dot}. Root complexes, expander buses, root ports, switch
 * upstream and downstream ports, conventional bridges, other controllers, built-in devices and
 * endpoints each have their own shape and colour; free PCI slots are marked. Every sink leaves
 * its stream open.
 */
public final class Diagrams {
  private Diagrams() {}

  /** The text tree, UTF-8. */
  public static TopologySink tree(OutputStream out) {
    return text(out, TreeDiagram::render);
  }

  /** Graphviz DOT, UTF-8. */
  public static TopologySink dot(OutputStream out) {
    return text(out, DotDiagram::render);
  }

  /**
   * SVG drawn by the {@code dot} program given ({@link Graphviz#locate()} finds it on the PATH);
   * when it is empty, or {@code dot} fails, {@code write} throws {@link GraphvizException}.
   */
  public static TopologySink svg(OutputStream out, Optional<Path> dot) {
    return new SvgTopologySink(Objects.requireNonNull(out, "out"), Objects.requireNonNull(dot, "dot"));
  }

  /** A sink writing {@code render}'s text of the plan's topology, UTF-8, flushed. */
  private static TopologySink text(OutputStream out, Function<Topology, String> render) {
    Objects.requireNonNull(out, "out");
    return plan -> {
      out.write(render.apply(new Topology(plan)).getBytes(StandardCharsets.UTF_8));
      out.flush();
    };
  }

  /** A machine with nothing added: its root buses, built-in devices and free slots. */
  public static Plan emptyMachine(MachineDescription machine) {
    return new Plan(machine.arch(), machine, List.of());
  }
}
