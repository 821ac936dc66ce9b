package dev.backplane.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The program of the README's "Embedding Backplane" compiles against the modules and runs. */
class ReadmeEmbeddingExampleTest {
  private static final String MARKER = "<!-- embedding-example -->";

  @TempDir
  Path temp;

  @Test
  void theReadmeEmbeddingProgramCompilesAndRuns() throws Exception {
    Path source = temp.resolve("Embedding.java");
    Files.writeString(source, program(Files.readString(repository().resolve("README.md"))));
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter diagnostics = new StringWriter();
    boolean compiled = javac.getTask(diagnostics, null, null,
        List.of("-classpath", classPath, "-d", temp.toString(), "-Xlint:all", "-Werror"), null,
        javac.getStandardFileManager(null, null, null).getJavaFileObjects(source)).call();
    assertTrue(compiled, diagnostics.toString());

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    try (URLClassLoader loader = new URLClassLoader(new URL[] {temp.toUri().toURL()}, getClass().getClassLoader())) {
      Method main = loader.loadClass("Embedding").getMethod("main", String[].class);
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      main.invoke(null, (Object) new String[] {repository().resolve("examples/pc-server.xml").toString()});
    } finally {
      System.setOut(stdout);
    }
    String printed = out.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("<address type='pci'"), printed);
    assertTrue(printed.contains("more virtio NICs can be hot-plugged, the next at 00:"), printed);
    assertTrue(printed.contains("hot-plugged at 00:"), printed);
    assertTrue(printed.contains("removed again: true"), printed);
  }

  /** The Java block that follows the marker. */
  private static String program(String readme) {
    int marker = readme.indexOf(MARKER);
    assertTrue(marker >= 0, "README has no " + MARKER);
    int start = readme.indexOf("```java\n", marker) + "```java\n".length();
    int end = readme.indexOf("```", start);
    assertEquals(marker + MARKER.length() + 1, start - "```java\n".length(), "the java block follows the marker");
    return readme.substring(start, end);
  }

  private static Path repository() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("examples"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no README.md above " + Path.of("").toAbsolutePath());
  }
}
