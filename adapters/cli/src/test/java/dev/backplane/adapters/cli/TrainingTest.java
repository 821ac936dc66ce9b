package dev.backplane.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The launcher's training run (the class-data archive, the ahead-of-time cache). */
class TrainingTest {

  @Test
  void plansTheLaunchersExampleInEveryFormat() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    assertEquals(ExitCodes.OK, Training.train(launcherExample(), new PrintStream(err)),
        err.toString());
    assertEquals("", err.toString());
  }

  @Test
  void aDomainThatCannotBePlannedStopsTheTraining() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    assertEquals(ExitCodes.INVALID_INPUT, Training.train("no-such-domain.xml", new PrintStream(err)));
  }

  /** The example ./backplane trains on (make_archive). */
  private static String launcherExample() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("examples/q35-desktop.xml");
      if (Files.isRegularFile(candidate) && Files.isRegularFile(dir.resolve("backplane"))) {
        return candidate.toString();
      }
    }
    throw new AssertionError("no examples/q35-desktop.xml beside ./backplane");
  }
}
