package dev.backplane.adapters.cli;

import dev.backplane.core.model.BackplaneException;
import jakarta.inject.Provider;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code backplane} command line. Data goes to stdout, diagnostics to stderr; the exit code is
 * 0 (ok), 1 (invalid input), 2 (usage), 3 (environment) or 4 (a bug in Backplane).
 */
public final class Main {
  /**
   * picocli's built-in converters for types no option here has: registering them initialises
   * java.time's formatters and java.sql on every run.
   */
  private static final String UNUSED_CONVERTERS_PROPERTY = "picocli.converters.excludes";
  private static final String UNUSED_CONVERTERS = "java\\.(sql|time)\\..*";
  /**
   * No Groovy closures in annotations here: without this, picocli's default factory (which
   * creates option values' collections) first asks for Groovy's Closure class, and a class that
   * is not there costs a ClassNotFoundException.
   */
  private static final String NO_CLOSURES_PROPERTY = "picocli.disable.closures";

  /** The root command's name, which usage lines and errors begin with. */
  static final String ROOT = "backplane";

  private Main() {}

  public static void main(String[] args) {
    int code = run(args, System.in, System.out, System.err);
    // 0 by returning: since JDK 21 System.exit first sets up System.Logger to log the exit (about
    // 25 classes, 5 ms). Every thread Backplane starts is a daemon, so the JVM ends here.
    if (code != ExitCodes.OK) {
      System.exit(code);
    }
  }

  /** Runs one command with the given standard streams and returns its exit code. */
  public static int run(String[] args, InputStream stdin, PrintStream stdout, PrintStream stderr) {
    if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      return version(stdout, stderr); // the one answer that needs no command model
    }
    if (System.getProperty(UNUSED_CONVERTERS_PROPERTY) == null) {
      System.setProperty(UNUSED_CONVERTERS_PROPERTY, UNUSED_CONVERTERS);
    }
    if (System.getProperty(NO_CLOSURES_PROPERTY) == null) {
      System.setProperty(NO_CLOSURES_PROPERTY, "true");
    }
    CliComponent component = DaggerCliComponent.builder()
        .stdin(stdin)
        .stdout(stdout)
        .stderr(stderr)
        .build();
    PrintWriter out = new PrintWriter(stdout, true);
    PrintWriter err = new PrintWriter(stderr, true);
    ComponentFactory factory = new ComponentFactory(component.commands());
    // The models are code CommandSpecProcessor wrote from the annotations: picocli would read
    // them by reflection on every run (README, "Speed").
    String named = BackplaneCommand.named(args);
    CommandLine cli;
    String[] arguments = args;
    if (named != null && args[0].equals(named)) {
      // The command line starts with the command: its model alone parses the rest, under the
      // name picocli would give it below the root ("backplane plan"), so it helps and fails
      // alike; the root's model and its own picocli interpreter are not built.
      CommandSpec command = CommandSpecs.of(
          create(factory, BackplaneCommand.SUBCOMMANDS.get(named)), factory);
      cli = new CommandLine(command.name(ROOT + " " + named), factory);
      arguments = Arrays.copyOfRange(args, 1, args.length);
    } else {
      cli = new CommandLine(CommandSpecs.of(new BackplaneCommand(), factory), factory);
      for (Map.Entry<String, Class<?>> subcommand : BackplaneCommand.SUBCOMMANDS.entrySet()) {
        if (named == null || named.equals(subcommand.getKey())) {
          cli.addSubcommand(subcommand.getKey(),
              CommandSpecs.of(create(factory, subcommand.getValue()), factory));
        }
      }
    }
    cli.setOut(out)
        .setErr(err)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setParameterExceptionHandler(usageError())
        .setExecutionExceptionHandler(failure());
    int code = cli.execute(arguments);
    out.flush();
    err.flush();
    stdout.flush();
    if (code == ExitCodes.OK && stdout.checkError()) {
      stderr.println("backplane: cannot write to standard output");
      return ExitCodes.ENVIRONMENT;
    }
    return code;
  }

  private static int version(PrintStream stdout, PrintStream stderr) {
    for (String line : new VersionProvider().getVersion()) {
      stdout.println(line);
    }
    stdout.flush();
    if (stdout.checkError()) {
      stderr.println("backplane: cannot write to standard output");
      return ExitCodes.ENVIRONMENT;
    }
    return ExitCodes.OK;
  }

  private static Object create(CommandLine.IFactory factory, Class<?> type) {
    try {
      return factory.create(type);
    } catch (Exception e) {
      throw new IllegalStateException("cannot create the " + type.getSimpleName(), e);
    }
  }

  /** Exit 2: picocli could not parse the command line. */
  private static IParameterExceptionHandler usageError() {
    return (ParameterException e, String[] args) -> {
      CommandLine cmd = e.getCommandLine();
      PrintWriter err = cmd.getErr();
      err.println("backplane: " + oneLine(e.getMessage()));
      UnmatchedArgumentException.printSuggestions(e, err);
      err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
      return ExitCodes.USAGE;
    };
  }

  /** Maps what a command threw to an exit code and a one-line message. */
  private static IExecutionExceptionHandler failure() {
    return (Exception e, CommandLine cmd, CommandLine.ParseResult parsed) -> {
      PrintWriter err = cmd.getErr();
      if (e instanceof BackplaneException refused) {
        err.println("backplane: " + oneLine(Failures.line(refused)));
        return Failures.exitCode(refused);
      }
      if (e instanceof CliException cli) {
        err.println("backplane: " + oneLine(cli.getMessage()));
        return cli.exitCode();
      }
      err.println("backplane: internal error (please report it): " + e);
      e.printStackTrace(err);
      return ExitCodes.INTERNAL;
    };
  }

  static String oneLine(String message) {
    return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  /** Lets Dagger create the commands it knows; picocli creates the rest (version provider). */
  private record ComponentFactory(Map<Class<?>, Provider<Object>> commands)
      implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      Provider<Object> command = commands.get(type);
      return command != null ? type.cast(command.get()) : CommandLine.defaultFactory().create(type);
    }
  }
}
