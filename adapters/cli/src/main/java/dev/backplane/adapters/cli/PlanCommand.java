package dev.backplane.adapters.cli;

import dev.backplane.adapters.libvirtxml.LibvirtDocument;
import dev.backplane.adapters.libvirtxml.LibvirtXml;
import dev.backplane.core.Backplane;
import dev.backplane.core.model.Plan;
import dev.backplane.core.port.in.PlanTopologyCommand;
import dev.backplane.core.port.out.TopologySink;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code backplane plan}: reads a libvirt domain, plans it, writes the addressed result. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Assigns addresses to every device of a libvirt domain and writes the result.")
final class PlanCommand implements Callable<Integer> {

  enum Format { LIBVIRT, JSON }

  @Option(names = "--format", defaultValue = "libvirt", paramLabel = "libvirt|json",
      description = "Output: the addressed domain XML (default) or the plan as JSON.")
  Format format;

  @Parameters(index = "0", paramLabel = "FILE|-",
      description = "libvirt domain XML; - reads standard input.")
  String file;

  private final Provider<Backplane> backplane;
  private final JsonPlanSinks jsonSinks;
  private final InputStream stdin;
  private final PrintStream stdout;

  @Inject
  PlanCommand(Provider<Backplane> backplane, JsonPlanSinks jsonSinks,
      @CliComponent.Stdin InputStream stdin, @CliComponent.Stdout PrintStream stdout) {
    this.backplane = backplane;
    this.jsonSinks = jsonSinks;
    this.stdin = stdin;
    this.stdout = stdout;
  }

  @Override
  public Integer call() {
    LibvirtDocument document = read();
    Plan plan = backplane.get().plan(new PlanTopologyCommand(document.domain()));
    TopologySink sink = format == Format.JSON ? jsonSinks.to(stdout) : document.sink(stdout);
    try {
      sink.write(plan);
    } catch (IOException e) {
      throw CliException.environment("cannot write the plan: " + e.getMessage(), e);
    }
    stdout.flush();
    return ExitCodes.OK;
  }

  private LibvirtDocument read() {
    if (file.equals("-")) {
      try {
        return LibvirtXml.read(stdin, "<stdin>");
      } catch (IOException e) {
        throw CliException.invalidInput("standard input: cannot read: " + e.getMessage(), e);
      }
    }
    Path path;
    try {
      path = Path.of(file);
    } catch (InvalidPathException e) {
      throw CliException.invalidInput(file + ": not a valid path", e);
    }
    try (InputStream in = Files.newInputStream(path)) {
      return LibvirtXml.read(in, file);
    } catch (NoSuchFileException e) {
      throw CliException.invalidInput(file + ": no such file", e);
    } catch (AccessDeniedException e) {
      throw CliException.invalidInput(file + ": permission denied", e);
    } catch (IOException e) {
      throw CliException.invalidInput(file + ": cannot read: " + e.getMessage(), e);
    }
  }
}
