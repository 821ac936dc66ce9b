package dev.backplane.adapters.cli;

import dev.backplane.adapters.libvirtxml.LibvirtDocument;
import dev.backplane.core.Backplane;
import dev.backplane.core.model.BackplaneException;
import dev.backplane.core.model.BudgetUse;
import dev.backplane.core.model.Domain;
import dev.backplane.core.model.Plan;
import dev.backplane.core.port.in.PlanOptions;
import dev.backplane.core.port.in.PlanTopologyCommand;
import dev.backplane.core.port.out.TopologySink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * {@code plan --batch}: plans many domains on a pool of threads and reports them in input order.
 * A domain that fails is reported on stderr (its file first) and the others go on; the exit code
 * is the worst of all (1 invalid input, 3 output not written, 4 a bug).
 */
final class BatchPlan {
  /** Domains planned ahead of the one being reported, per thread; bounds memory on long lists. */
  private static final int AHEAD_PER_THREAD = 32;

  /** The sink of the chosen format for a document and the firmware budget's use (null: none). */
  @FunctionalInterface
  interface Sinks {
    TopologySink of(LibvirtDocument document, OutputStream out, BudgetUse use);
  }

  private final Backplane engine;
  private final Function<LibvirtDocument, Domain> domains;
  private final Sinks sinks;
  private final Output output;
  private final PrintStream stderr;
  private final ProgressBar progress;
  private final int parallelism;
  private final boolean explain;
  private final PlanOptions options;

  /**
   * @param domains the domain to plan of a document (with its guest OS's virtio models)
   * @param sinks the sink of the chosen format for a document (used by {@link Output#files})
   * @param progress a progress bar (a terminal), or null
   * @param explain plan with explanations (JSON output shows them)
   * @param options the policy, hot-plug reserve and --firmware value (null: see {@link FirmwareCheck})
   */
  BatchPlan(Backplane engine, Function<LibvirtDocument, Domain> domains, Sinks sinks,
      Output output, PrintStream stderr, ProgressBar progress, int parallelism, boolean explain,
      PlanOptions options) {
    this.explain = explain;
    this.options = options;
    this.engine = engine;
    this.domains = domains;
    this.sinks = sinks;
    this.output = output;
    this.stderr = stderr;
    this.progress = progress;
    this.parallelism = parallelism;
  }

  /** Plans every file and returns the exit code. */
  int run(List<String> files) {
    output.prepare();
    ExecutorService pool = Executors.newFixedThreadPool(parallelism, task -> {
      Thread thread = new Thread(task, "backplane-batch");
      thread.setDaemon(true);
      return thread;
    });
    Report report = new Report();
    try {
      ArrayDeque<Future<Outcome>> pending = new ArrayDeque<>();
      for (String file : files) {
        pending.add(pool.submit(() -> plan(file)));
        if (pending.size() >= parallelism * AHEAD_PER_THREAD) {
          report.add(await(pending.poll()));
        }
      }
      while (!pending.isEmpty()) {
        report.add(await(pending.poll()));
      }
    } finally {
      pool.shutdownNow();
    }
    return report.finish(files.size());
  }

  private Outcome plan(String file) {
    try {
      LibvirtDocument document = DomainFiles.read(file, InputStream.nullInputStream());
      Plan plan = engine.plan(new PlanTopologyCommand(domains.apply(document), explain,
          options.withFirmware(options.firmware(), document.wantsEfi())));
      BudgetUse use = FirmwareCheck.check(document, plan, options.firmware(), null).orElse(null);
      return output.accept(file, document, plan, use, sinks);
    } catch (BackplaneException e) {
      return Outcome.failed(file, Failures.exitCode(e), located(file, Failures.line(e)), null, output);
    } catch (CliException e) {
      return Outcome.failed(file, e.exitCode(), located(file, e.getMessage()), null, output);
    } catch (RuntimeException e) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      return Outcome.failed(file, ExitCodes.INTERNAL,
          file + ": internal error (please report it): " + e, trace.toString(), output);
    }
  }

  private static Outcome await(Future<Outcome> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while planning", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a batch task failed outside its own handling", e.getCause());
    }
  }

  /** The message with the file in front, unless the message already starts with it. */
  static String located(String file, String message) {
    String line = Main.oneLine(message);
    return line.startsWith(file + ":") || line.startsWith(file + " ") ? line : file + ": " + line;
  }

  /** What one domain gave: the bytes for stdout (JSON Lines), and an error for stderr. */
  record Outcome(String file, byte[] stdout, String error, String trace, int exitCode) {
    static Outcome failed(String file, int exitCode, String error, String trace, Output output) {
      return new Outcome(file, output.errorLine(file, error), error, trace, exitCode);
    }
  }

  /** Collects outcomes in input order, on the calling thread: all printing happens here. */
  private final class Report {
    private int failed;
    private int worst = ExitCodes.OK;

    void add(Outcome outcome) {
      if (outcome.error() != null) {
        if (progress != null) {
          progress.clear();
        }
        stderr.println("backplane: " + outcome.error());
        if (outcome.trace() != null) {
          stderr.print(outcome.trace());
        }
        failed++;
        worst = Math.max(worst, outcome.exitCode());
      }
      output.emit(outcome);
      if (progress != null) {
        progress.step();
      }
    }

    int finish(int total) {
      if (progress != null) {
        progress.clear();
      }
      if (!output.flush()) {
        stderr.println("backplane: cannot write to standard output");
        return Math.max(worst, ExitCodes.ENVIRONMENT);
      }
      if (failed > 0) {
        stderr.println("backplane: " + failed + " of " + total + " domains failed");
      }
      return worst;
    }
  }

  /** Where the results go: JSON Lines on stdout, or one file per domain in a directory. */
  abstract static class Output {
    /** Refuses, before anything is planned, targets that clash (a usage error). */
    void checkTargets(List<String> files) {}

    void prepare() {}

    abstract Outcome accept(String file, LibvirtDocument document, Plan plan, BudgetUse use,
        Sinks sinks);

    /** The stdout bytes of a failed domain, or null. */
    byte[] errorLine(String file, String error) {
      return null;
    }

    void emit(Outcome outcome) {}

    /** Flushes stdout; false when it could not be written. */
    boolean flush() {
      return true;
    }

    /** One compact JSON document per domain and line, in input order, on {@code out}. */
    static Output jsonLines(PrintStream out, JsonPlanSinks json) {
      return new Output() {
        @Override
        Outcome accept(String file, LibvirtDocument document, Plan plan, BudgetUse use,
            Sinks sinks) {
          return new Outcome(file, json.line(file, plan, use), null, null, ExitCodes.OK);
        }

        @Override
        byte[] errorLine(String file, String error) {
          return json.errorLine(file, error);
        }

        @Override
        void emit(Outcome outcome) {
          if (outcome.stdout() != null) {
            out.write(outcome.stdout(), 0, outcome.stdout().length);
          }
        }

        @Override
        boolean flush() {
          out.flush();
          return !out.checkError();
        }
      };
    }

    /**
     * {@code DIR/NAME.EXT} per domain, NAME being the input's file name without {@code .xml};
     * written by the planning threads.
     */
    static Output files(Path dir, String extension) {
      return new Output() {
        @Override
        void checkTargets(List<String> files) {
          Map<Path, String> owners = new HashMap<>();
          for (String file : files) {
            Path target;
            try {
              target = target(dir, file, extension);
            } catch (InvalidPathException e) {
              continue; // fails on its own when it is read
            }
            String other = owners.putIfAbsent(target, file);
            if (other != null) {
              throw new IllegalArgumentException(
                  other + " and " + file + " would both be written to " + target);
            }
            if (sameFile(target, file)) {
              throw new IllegalArgumentException(
                  file + " would be overwritten by its own plan: choose another --output-dir");
            }
          }
        }

        @Override
        void prepare() {
          try {
            Files.createDirectories(dir);
          } catch (IOException e) {
            throw CliException.environment("--output-dir " + dir + ": cannot create it: " + e, e);
          }
        }

        @Override
        Outcome accept(String file, LibvirtDocument document, Plan plan, BudgetUse use,
            Sinks sinks) {
          ByteArrayOutputStream bytes = new ByteArrayOutputStream(8192);
          try {
            sinks.of(document, bytes, use).write(plan);
          } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
          }
          Path target = target(dir, file, extension);
          try {
            Files.write(target, bytes.toByteArray());
          } catch (IOException e) {
            return new Outcome(file, null, target + ": cannot write: " + e.getMessage(), null,
                ExitCodes.ENVIRONMENT);
          }
          return new Outcome(file, null, null, null, ExitCodes.OK);
        }
      };
    }

    private static Path target(Path dir, String file, String extension) {
      Path name = Path.of(file).getFileName();
      String base = name == null ? file : name.toString();
      if (base.endsWith(".xml")) {
        base = base.substring(0, base.length() - ".xml".length());
      }
      return dir.resolve(base + extension).normalize();
    }

    private static boolean sameFile(Path target, String file) {
      try {
        return Files.exists(target) && Files.exists(Path.of(file)) && Files.isSameFile(target, Path.of(file));
      } catch (IOException e) {
        return false;
      }
    }
  }
}
