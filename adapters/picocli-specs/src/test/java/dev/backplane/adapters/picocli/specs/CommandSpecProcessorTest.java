package dev.backplane.adapters.picocli.specs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processor on small commands compiled here: what it writes compiles, and what it does not
 * support is a compile error naming it (the models it writes are checked against picocli's own in
 * the command line module's CommandSpecsTest).
 */
class CommandSpecProcessorTest {
  @TempDir
  Path out;

  @Test
  void writesAModelThatCompiles() {
    List<String> errors = compile("""
        package demo;
        import java.util.List;
        import picocli.CommandLine.Command;
        import picocli.CommandLine.Mixin;
        import picocli.CommandLine.Option;
        import picocli.CommandLine.Parameters;
        @Command(name = "demo", mixinStandardHelpOptions = true, description = "A \\"demo\\".")
        class Demo {
          @Option(names = {"-n", "--count"}, paramLabel = "N", defaultValue = "2") int count;
          @Parameters(arity = "1..*", paramLabel = "FILE") List<String> files;
          @Mixin Shared shared;
        }
        """, """
        package demo;
        import picocli.CommandLine.Option;
        class Shared {
          @Option(names = "--verbose") boolean verbose;
        }
        """);

    assertEquals(List.of(), errors);
    assertTrue(Files.isRegularFile(out.resolve("demo/Demo_Spec.class")));
    assertTrue(Files.isRegularFile(out.resolve("demo/Shared_Spec.class")));
    assertTrue(Files.isRegularFile(out.resolve("demo/CommandSpecs.class")));
  }

  @Test
  void refusesAnAttributeItDoesNotWrite() {
    List<String> errors = compile("""
        package demo;
        import picocli.CommandLine.Command;
        import picocli.CommandLine.Option;
        @Command(name = "demo")
        class Demo {
          @Option(names = "--secret", hidden = true) boolean secret;
        }
        """);

    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.get(0).contains("does not support the attribute hidden of @Option"),
        errors.get(0));
  }

  @Test
  void refusesAMixinSpecOfItsOwn() {
    List<String> errors = compile("""
        package demo;
        import picocli.CommandLine.Command;
        import picocli.CommandLine.Mixin;
        @Command(name = "demo")
        class Demo {
          @Mixin Shared shared;
        }
        """, """
        package demo;
        import picocli.CommandLine.Model.CommandSpec;
        import picocli.CommandLine.Spec;
        class Shared {
          @Spec CommandSpec own;
          @Spec(Spec.Target.MIXEE) CommandSpec mixee;
        }
        """);

    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.get(0).contains("a mixin's @Spec must be @Spec(Spec.Target.MIXEE)"),
        errors.get(0));
  }

  @Test
  void refusesFieldsItCannotSetAndAnUnsetArity() {
    List<String> errors = compile("""
        package demo;
        import java.util.List;
        import picocli.CommandLine.Command;
        import picocli.CommandLine.Option;
        import picocli.CommandLine.Parameters;
        @Command(name = "demo")
        class Demo {
          @Option(names = "--hidden") private String hidden;
          @Parameters List<String> files;
        }
        """);

    assertEquals(2, errors.size(), errors.toString());
    assertTrue(errors.get(0).contains("neither private, static nor final"), errors.get(0));
    assertTrue(errors.get(1).contains("needs its arity written"), errors.get(1));
  }

  /** Compiles the sources with the processor into {@link #out}; the error messages. */
  private List<String> compile(String... sources) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    List<JavaFileObject> files = Arrays.stream(sources).map(Source::new)
        .collect(Collectors.toList());
    JavaCompiler.CompilationTask task = javac.getTask(null, null, diagnostics,
        List.of("-d", out.toString(), "-classpath", System.getProperty("java.class.path"),
            "-implicit:class"),
        null, files);
    task.setProcessors(List.of(new CommandSpecProcessor()));
    task.call();
    return diagnostics.getDiagnostics().stream()
        .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
        .map(d -> d.getMessage(null))
        .collect(Collectors.toList());
  }

  private static final class Source extends SimpleJavaFileObject {
    private final String text;

    Source(String text) {
      super(URI.create("string:///" + name(text).replace('.', '/') + Kind.SOURCE.extension),
          Kind.SOURCE);
      this.text = text;
    }

    private static String name(String text) {
      String pkg = text.substring(text.indexOf("package ") + 8, text.indexOf(';'));
      String rest = text.substring(text.indexOf("\nclass ") + 7);
      return pkg + "." + rest.substring(0, rest.indexOf(' '));
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return text;
    }
  }
}
