package dev.backplane.lambdaclasses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Handle;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Compiles lambdas of every shape javac writes through {@code LambdaMetafactory.metafactory},
 * rewrites them, and runs both builds: the same results, and no such lambda left.
 */
class LambdaClassesTest {
  /** Each line of {@code run()} exercises one shape; the result lists what each returned. */
  private static final String SOURCE = """
      package sample;

      import java.util.*;
      import java.util.function.*;
      import java.util.stream.*;

      public class Shapes {
        private final String name;
        private int calls;

        public Shapes(String name) { this.name = name; }

        private static String secret(String s) { return "<" + s + ">"; }
        private String own(String s) { calls++; return name + s; }
        protected String inherited() { return "inherited"; }
        static long twice(long x) { return 2 * x; }
        static String join(String... parts) { return String.join("+", parts); }

        interface Greeter { String greet(String who); default Supplier<String> later(String who) { return () -> greet(who) + "!"; } }
        interface Counter { long count(int a, short b, char c); }
        interface Numbers<T extends Number> { T pick(T a, T b); }

        class Inner {
          Supplier<String> outer() { return () -> own("-inner") + secret(name); }
        }

        static class Base { String who() { return "base"; } }
        static class Derived extends Base {
          @Override String who() { return "derived"; }
          Supplier<String> parent() { return super::who; }
        }

        public static List<Object> run() {
          List<Object> out = new ArrayList<>();
          Shapes s = new Shapes("s");
          out.add(((Supplier<String>) () -> "constant").get());                       // non-capturing
          int k = 7; long big = 1L << 40; double d = 0.5;
          out.add(((IntUnaryOperator) x -> x + k).applyAsInt(1));                      // captured int
          out.add(((LongSupplier) () -> big + k).getAsLong());                         // long + int slots
          out.add(((DoubleUnaryOperator) x -> x * d + big).applyAsDouble(2));          // wide slots
          out.add(((Function<String, String>) Shapes::secret).apply("static ref"));    // private static ref
          out.add(((Function<String, String>) s::own).apply("-bound"));                // private bound ref
          out.add(((Function<String, Integer>) String::length).apply("four"));         // unbound ref, boxing
          out.add(((ToIntFunction<Integer>) Integer::intValue).applyAsInt(41));        // unboxing
          out.add(((LongUnaryOperator) Shapes::twice).applyAsLong(21));                // long ref
          out.add(((IntToLongFunction) Shapes::twice).applyAsLong(5));                 // widening int to long
          out.add(((Function<Integer, Long>) Shapes::twice).apply(6));                 // unbox, widen, box
          out.add(((Supplier<List<String>>) ArrayList::new).get());                    // constructor ref
          out.add(((Function<String, Shapes>) Shapes::new).apply("made").name);        // constructor with argument
          out.add(((IntFunction<String[]>) String[]::new).apply(3).length);            // array constructor
          out.add(((BiFunction<String, String, String>) Shapes::join).apply("a", "b"));// varargs ref
          out.add(((Function<Collection<String>, Integer>) Collection::size).apply(List.of("x"))); // interface ref
          Greeter g = who -> "hi " + who;
          out.add(g.later("you").get());                                                // lambda in a default method
          out.add(s.new Inner().outer().get());                                         // nestmate's private members
          out.add(new Derived().parent().get());                                        // super ref
          Counter c = (a, b, ch) -> a + b + ch;
          out.add(c.count(1, (short) 2, 'A'));                                          // narrow primitives
          Numbers<Integer> max = Math::max;
          out.add(max.pick(3, 9));                                                      // generic, unbox and box
          Runnable r = s::inherited;
          r.run();                                                                      // result dropped
          Consumer<String> sink = out::add;
          sink.accept("consumed");                                                      // bound interface ref
          out.add(Stream.of(3, 1, 2).sorted(Comparator.reverseOrder()).map(String::valueOf)
              .collect(Collectors.joining(",")));                                       // streams
          out.add(s.calls);
          Supplier<String> one = () -> "same";
          Supplier<String> other = () -> "same";
          out.add(one == other);                                                        // one instance per site
          return out;
        }

        public static Object nonCapturing() { return (Supplier<String>) () -> "x"; }
        public static Object capturing(String v) { return (Supplier<String>) () -> v; }
      }
      """;

  @TempDir
  Path temp;

  @Test
  void rewrittenClassesBehaveAsTheOriginals() throws Exception {
    Path original = compile(temp.resolve("original"));
    Path rewritten = compile(temp.resolve("rewritten"));

    LambdaClasses.Result result = LambdaClasses.rewrite(rewritten);

    assertTrue(result.lambdas() >= 25, "lambdas rewritten: " + result);
    assertEquals(0, metafactorySites(rewritten));
    assertTrue(metafactorySites(original) >= 25);
    assertEquals(run(original, "run"), run(rewritten, "run"));
  }

  @Test
  void keepsEachChangedClassAsJavacWroteItForJdk24AndLater() throws Exception {
    Path original = compile(temp.resolve("original"));
    Path rewritten = compile(temp.resolve("rewritten"));
    LambdaClasses.rewrite(rewritten);

    Path kept = rewritten.resolve(LambdaClasses.ORIGINALS);
    List<Path> keptFiles = files(kept);
    assertTrue(keptFiles.size() >= 2, keptFiles.toString()); // Shapes and its nested hosts
    for (Path file : keptFiles) {
      String name = kept.relativize(file).toString();
      assertArrayEquals(Files.readAllBytes(original.resolve(name)), Files.readAllBytes(file), name);
      assertFalse(Arrays.equals(Files.readAllBytes(original.resolve(name)),
          Files.readAllBytes(rewritten.resolve(name))), name + " rewritten");
    }
    assertEquals(0, metafactorySites(rewritten, false));
  }

  @Test
  void oneInstanceWithoutCaptureAndOnePerEvaluationWith() throws Exception {
    Path rewritten = compile(temp.resolve("rewritten"));
    LambdaClasses.rewrite(rewritten);
    try (URLClassLoader loader = loader(rewritten)) {
      Class<?> shapes = loader.loadClass("sample.Shapes");
      Method nonCapturing = shapes.getMethod("nonCapturing");
      Method capturing = shapes.getMethod("capturing", String.class);
      assertSame(nonCapturing.invoke(null), nonCapturing.invoke(null));
      assertNotSame(capturing.invoke(null, "v"), capturing.invoke(null, "v"));
      assertTrue(nonCapturing.invoke(null).getClass().getName().contains(LambdaClasses.SUFFIX));
    }
  }

  @Test
  void aSecondRunChangesNothingAndARecompiledClassLosesItsStaleLambdaClasses() throws Exception {
    Path classes = compile(temp.resolve("classes"));
    LambdaClasses.Result first = LambdaClasses.rewrite(classes);
    List<Path> afterFirst = files(classes);

    assertEquals(new LambdaClasses.Result(0, 0), LambdaClasses.rewrite(classes));
    assertEquals(afterFirst, files(classes));

    Path stale = classes.resolve("sample/Shapes" + LambdaClasses.SUFFIX + "999.class");
    Files.copy(classes.resolve("sample/Shapes" + LambdaClasses.SUFFIX + "1.class"), stale);
    compile(classes); // javac writes the classes again, with their lambdas
    assertEquals(first, LambdaClasses.rewrite(classes));
    assertFalse(Files.exists(stale));
    assertEquals(afterFirst, files(classes));

    // compiled again without lambdas: nothing to rewrite, and no original kept for it
    Path source = temp.resolve("src/sample/Shapes.java");
    Files.writeString(source, "package sample; public class Shapes { public static Object run() { return 1; } }");
    assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-d",
        classes.toString(), source.toString()));
    assertEquals(new LambdaClasses.Result(0, 0), LambdaClasses.rewrite(classes));
    assertFalse(Files.exists(classes.resolve(LambdaClasses.ORIGINALS + "sample/Shapes.class")));
  }

  private Path compile(Path out) throws IOException {
    Path source = temp.resolve("src/sample/Shapes.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, SOURCE);
    Files.createDirectories(out);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int code = javac.run(null, null, null, "--release", "17", "-d", out.toString(), source.toString());
    assertEquals(0, code, "javac");
    return out;
  }

  private static Object run(Path classes, String method) throws Exception {
    try (URLClassLoader loader = loader(classes)) {
      return String.valueOf(loader.loadClass("sample.Shapes").getMethod(method).invoke(null));
    }
  }

  private static URLClassLoader loader(Path classes) throws IOException {
    return new URLClassLoader(new URL[] {classes.toUri().toURL()}, LambdaClassesTest.class.getClassLoader());
  }

  private static int metafactorySites(Path classes) throws IOException {
    return metafactorySites(classes, false);
  }

  /** The lambda sites of the classes, with or without the kept originals. */
  private static int metafactorySites(Path classes, boolean originals) throws IOException {
    int sites = 0;
    for (Path file : files(classes)) {
      if (!originals && file.startsWith(classes.resolve(LambdaClasses.ORIGINALS))) {
        continue;
      }
      ClassNode node = new ClassNode();
      new ClassReader(Files.readAllBytes(file)).accept(node, 0);
      for (MethodNode method : node.methods) {
        for (var insn : method.instructions) {
          if (insn instanceof InvokeDynamicInsnNode indy) {
            Handle bsm = indy.bsm;
            if (bsm.getOwner().equals("java/lang/invoke/LambdaMetafactory") && bsm.getName().equals("metafactory")) {
              sites++;
            }
          }
        }
      }
    }
    return sites;
  }

  private static List<Path> files(Path classes) throws IOException {
    try (Stream<Path> walk = Files.walk(classes)) {
      return walk.filter(Files::isRegularFile).sorted().toList();
    }
  }
}
