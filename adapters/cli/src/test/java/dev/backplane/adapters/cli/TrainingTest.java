package dev.backplane.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

/** The launcher's training run (the class-data archive, the ahead-of-time cache). */
class TrainingTest {
  /** The example ./backplane trains on (make_archive), from this module's directory. */
  private static final String LAUNCHER_EXAMPLE = "../../examples/q35-desktop.xml";

  @Test
  void plansTheLaunchersExampleInEveryFormat() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    assertEquals(ExitCodes.OK, Training.train(LAUNCHER_EXAMPLE, new PrintStream(err)),
        err.toString());
    assertEquals("", err.toString());
  }

  @Test
  void aDomainThatCannotBePlannedStopsTheTraining() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    assertEquals(ExitCodes.INVALID_INPUT, Training.train("no-such-domain.xml", new PrintStream(err)));
  }
}
