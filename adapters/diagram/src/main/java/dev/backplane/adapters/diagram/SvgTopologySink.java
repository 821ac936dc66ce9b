package dev.backplane.adapters.diagram;

import dev.backplane.core.model.Plan;
import dev.backplane.core.port.out.TopologySink;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Writes a plan as SVG: the DOT picture, laid out by Graphviz's {@code dot -Tsvg}. */
final class SvgTopologySink implements TopologySink {
  private static final long TIMEOUT_SECONDS = 120;

  private final OutputStream out;
  private final Optional<Path> dot;

  SvgTopologySink(OutputStream out, Optional<Path> dot) {
    this.out = out;
    this.dot = dot;
  }

  @Override
  public void write(Plan plan) throws IOException {
    Path program = dot.orElseThrow(() -> new GraphvizException(
        "--format svg needs Graphviz's dot, which is not on the PATH (fix: install Graphviz, "
            + "e.g. apt-get install graphviz, or use --format dot and render it elsewhere)"));
    byte[] graph = DotDiagram.render(new Topology(plan)).getBytes(StandardCharsets.UTF_8);
    Process process = new ProcessBuilder(program.toString(), "-Tsvg").start();
    CompletableFuture<byte[]> errors = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
    CompletableFuture<Void> input = CompletableFuture.runAsync(() -> {
      try (OutputStream stdin = process.getOutputStream()) {
        stdin.write(graph);
      } catch (IOException e) {
        // dot exited early; its exit code and stderr say why
      }
    });
    process.getInputStream().transferTo(out);
    try {
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new GraphvizException(program + " -Tsvg did not finish within " + TIMEOUT_SECONDS + " s");
      }
      input.join();
      if (process.exitValue() != 0) {
        throw new GraphvizException(program + " -Tsvg failed with exit " + process.exitValue() + ": "
            + new String(errors.join(), StandardCharsets.UTF_8).strip());
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while " + program + " drew the plan");
    }
    out.flush();
  }

  private static byte[] readAll(java.io.InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      return new byte[0];
    }
  }
}
