package com.example.embedder;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.base.DescribedPredicate;
import dev.backplane.spi.Internal;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The embedder runs, is the README's program, and uses only Backplane's API. */
class EmbeddingTest {
  private static final String MARKER = "<!-- embedding-example -->\n```java\n";

  @Test
  void plansAPcDomainCountsCapacityAndHotPlugsANic() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      Embedding.main(new String[] {repository().resolve("examples/pc-server.xml").toString()});
    } finally {
      System.setOut(stdout);
    }
    String printed = out.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("<address type='pci'"), printed);
    assertTrue(printed.contains("more virtio NICs can be hot-plugged, the next at 00:"), printed);
    assertTrue(printed.contains("hot-plugged at 00:"), printed);
    assertTrue(printed.contains("removed again: true"), printed);
  }

  @Test
  void theReadmeShowsThisProgram() throws Exception {
    String readme = Files.readString(repository().resolve("README.md"));
    int start = readme.indexOf(MARKER);
    assertTrue(start >= 0, "README has no java block after <!-- embedding-example -->");
    start += MARKER.length();
    String shown = readme.substring(start, readme.indexOf("```", start));
    String source = Files.readString(
        repository().resolve("examples/embedder/src/main/java/com/example/embedder/Embedding.java"));
    assertEquals("package com.example.embedder;\n\n" + shown, source, "README and Embedding.java differ");
  }

  @Test
  void usesNoInternalType() {
    JavaClasses classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("com.example.embedder");
    noClasses().should().dependOnClassesThat(
            DescribedPredicate.describe("are Backplane internals (@Internal)",
                (JavaClass c) -> c.isAnnotatedWith(Internal.class)))
        .check(classes);
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
