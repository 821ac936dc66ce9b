package dev.backplane.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Provider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The command models CommandSpecProcessor writes as code (the ones {@link Main} runs) against the
 * models picocli reflects from the same annotations: same help, same options and parameters with
 * the same attributes, same parse results.
 */
class CommandSpecsTest {
  private static final Map<String, Function<ArgSpec, Object>> ATTRIBUTES = attributes();

  @Test
  void everyCommandsGeneratedModelIsTheOnePicocliReflects() {
    Map<Class<?>, Provider<Object>> commands = component().commands();
    List<Object[]> pairs = new ArrayList<>();
    pairs.add(new Object[] {new BackplaneCommand(), new BackplaneCommand()});
    for (Class<?> type : BackplaneCommand.SUBCOMMANDS.values()) {
      pairs.add(new Object[] {commands.get(type).get(), commands.get(type).get()});
    }
    for (Object[] pair : pairs) {
      CommandSpec reflected = CommandSpec.forAnnotatedObject(pair[0], CommandLine.defaultFactory());
      CommandSpec generated = CommandSpecs.of(pair[1], CommandLine.defaultFactory());
      String name = reflected.name();

      assertEquals(name, generated.name());
      assertEquals(usage(reflected), usage(generated), name);
      // mixins (the standard help options among them) are written into the command's model
      assertEquals(Map.of(), generated.mixins(), name);
      assertEquals(type(reflected.versionProvider()), type(generated.versionProvider()), name);
      assertSameArgs(name, args(reflected.options()), args(generated.options()));
      assertSameArgs(name, args(reflected.positionalParameters()),
          args(generated.positionalParameters()));
    }
  }

  @Test
  void aParsedCommandLineSetsTheSameFields() {
    String[] args = {"plan", "--format", "JSON", "--explain", "--policy", "dense",
        "--hotplug-reserve", "3", "--capacity", "interface:virtio", "--capacity", "disk:virtio",
        "--jobs", "2", "--os", "centos6.10", "--tables", "/tmp/tables", "a.xml", "b.xml"};
    Map<Class<?>, Provider<Object>> commands = component().commands();
    PlanCommand reflected = (PlanCommand) commands.get(PlanCommand.class).get();
    PlanCommand generated = (PlanCommand) commands.get(PlanCommand.class).get();
    new CommandLine(new BackplaneCommand()).addSubcommand("plan", reflected)
        .setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
    CommandLine cli = new CommandLine(
        CommandSpecs.of(new BackplaneCommand(), CommandLine.defaultFactory()));
    cli.addSubcommand("plan", CommandSpecs.of(generated, CommandLine.defaultFactory()));
    cli.setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);

    assertEquals(List.of(PlanCommand.Format.JSON, true, "dense", 3,
            List.of("interface:virtio", "disk:virtio"), 2, "centos6.10", List.of("a.xml", "b.xml")),
        fields(reflected));
    assertEquals(fields(reflected), fields(generated));
    assertEquals(reflected.knowledge.tables, generated.knowledge.tables);
  }

  private static void assertSameArgs(String command, Map<String, Map<String, Object>> reflected,
      Map<String, Map<String, Object>> generated) {
    assertEquals(reflected.keySet(), generated.keySet(), command);
    reflected.forEach((arg, attributes) -> attributes.forEach((attribute, value) ->
        assertEquals(value, generated.get(arg).get(attribute), command + " " + arg + " " + attribute)));
  }

  @Test
  void badCommandLinesGetTheSameErrors() {
    List<List<String>> lines = List.of(
        List.of("plan"), List.of("plan", "--bogus"), List.of("plan", "--format", "yaml", "a.xml"),
        List.of("plan", "--jobs", "many", "a.xml"), List.of("plan", "--format"),
        List.of("add", "d.xml"), List.of("remove"), List.of("describe"),
        List.of("describe", "q35", "--format", "html"), List.of("diff", "a.xml"),
        List.of("probe", "--jobs", "x"), List.of("verify"), List.of("machines", "extra"),
        List.of("drift", "--qemu"));
    Map<Class<?>, Provider<Object>> commands = component().commands();
    for (List<String> line : lines) {
      assertEquals(parseError(line, commands, false), parseError(line, commands, true),
          String.join(" ", line));
    }
  }

  /** The class and message of the error parsing {@code line} gives, or "parsed". */
  private static String parseError(List<String> line, Map<Class<?>, Provider<Object>> commands,
      boolean generated) {
    CommandLine cli = new CommandLine(generated
        ? CommandSpecs.of(new BackplaneCommand(), CommandLine.defaultFactory())
        : new BackplaneCommand());
    BackplaneCommand.SUBCOMMANDS.forEach((name, type) -> {
      Object command = commands.get(type).get();
      cli.addSubcommand(name, generated
          ? CommandSpecs.of(command, CommandLine.defaultFactory()) : command);
    });
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    try {
      cli.parseArgs(line.toArray(String[]::new));
      return "parsed";
    } catch (CommandLine.ParameterException e) {
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }

  private static List<Object> fields(PlanCommand plan) {
    return Arrays.asList(plan.format, plan.explain, plan.placement.policy,
        plan.placement.hotplugReserve, plan.capacity, plan.jobs, plan.guestOs.os, plan.inputs);
  }

  private static CliComponent component() {
    PrintStream sink = new PrintStream(new ByteArrayOutputStream());
    return DaggerCliComponent.builder().stdin(new ByteArrayInputStream(new byte[0]))
        .stdout(sink).stderr(sink).build();
  }

  private static String usage(CommandSpec spec) {
    return new CommandLine(spec).getUsageMessage(Ansi.OFF);
  }

  private static Object type(Object object) {
    return object == null ? null : object.getClass();
  }

  /** Each argument's attributes, by its first name or index. */
  private static Map<String, Map<String, Object>> args(List<? extends ArgSpec> specs) {
    Map<String, Map<String, Object>> byName = new TreeMap<>();
    for (ArgSpec arg : specs) {
      Map<String, Object> values = new LinkedHashMap<>();
      ATTRIBUTES.forEach((name, attribute) -> values.put(name, attribute.apply(arg)));
      String key = arg instanceof OptionSpec option ? option.longestName()
          : "positional " + ((PositionalParamSpec) arg).index();
      byName.put(key, values);
    }
    return byName;
  }

  private static Map<String, Function<ArgSpec, Object>> attributes() {
    Map<String, Function<ArgSpec, Object>> attributes = new LinkedHashMap<>();
    attributes.put("names", arg -> arg instanceof OptionSpec o ? List.of(o.names()) : null);
    attributes.put("index", arg -> arg instanceof PositionalParamSpec p ? p.index().toString() : null);
    attributes.put("paramLabel", ArgSpec::paramLabel);
    attributes.put("arity", arg -> arg.arity().toString());
    attributes.put("type", ArgSpec::type);
    attributes.put("auxiliaryTypes", arg -> List.of(arg.auxiliaryTypes()));
    attributes.put("description", arg -> List.of(arg.description()));
    attributes.put("descriptionKey", ArgSpec::descriptionKey);
    attributes.put("defaultValue", ArgSpec::defaultValue);
    attributes.put("required", ArgSpec::required);
    attributes.put("initialValue", ArgSpec::initialValue);
    attributes.put("hasInitialValue", ArgSpec::hasInitialValue);
    attributes.put("toString", ArgSpec::toString);
    attributes.put("converters", arg -> Arrays.stream(arg.converters()).map(Object::getClass).toList());
    attributes.put("completionCandidates", arg -> arg.completionCandidates() == null ? null
        : String.valueOf(arg.completionCandidates()));
    attributes.put("usageHelp", arg -> arg instanceof OptionSpec o && o.usageHelp());
    attributes.put("versionHelp", arg -> arg instanceof OptionSpec o && o.versionHelp());
    attributes.put("hidden", ArgSpec::hidden);
    attributes.put("interactive", ArgSpec::interactive);
    attributes.put("scopeType", ArgSpec::scopeType);
    attributes.put("showDefaultValue", ArgSpec::showDefaultValue);
    attributes.put("splitRegex", ArgSpec::splitRegex);
    return attributes;
  }
}
