package dev.backplane.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code backplane verify} through {@link Main#run} where QEMU is not needed: the QMP failure
 * modes themselves are covered in adapters/qmp; here, how the command reports them. Runs against
 * real QEMU are in {@link VerifyAcceptanceTest}.
 */
class VerifyCommandTest {
  private static final String Q35 = AcceptanceCorpus.ROOT.resolve("x86_64/q35-everything.xml").toString();

  @Test
  void reportsAMissingQemuBinaryInOneLineWithExitThree() {
    CliRun r = run("", "verify", "--qemu", "/nonexistent", Q35);

    assertEquals(ExitCodes.ENVIRONMENT, r.code(), r.err());
    assertEquals("", r.out());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("backplane: /nonexistent: "), r.err());
  }

  @Test
  void reportsAQemuThatExitsAtStartWithItsStatusAndExitThree() {
    CliRun r = run("", "verify", "--qemu", "false", Q35);

    assertEquals(ExitCodes.ENVIRONMENT, r.code(), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains("exited with status 1"), r.err());
  }

  @Test
  void refusesADomainThePlannerRefusesWithExitOneBeforeStartingQemu() {
    CliRun r = run("", "verify", "--qemu", "/nonexistent",
        AcceptanceCorpus.ROOT.resolve("x86_64/q35-conflict-same-address.xml").toString());

    assertEquals(ExitCodes.INVALID_INPUT, r.code(), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
  }

  @Test
  void refusesADeviceNullBackendsCannotStandInForWithExitOne() {
    CliRun r = run("", "verify", "--qemu", "/nonexistent",
        AcceptanceCorpus.ROOT.resolve("x86_64/pc-tpm-tis-passthrough.xml").toString());

    assertEquals(ExitCodes.INVALID_INPUT, r.code(), r.err());
    assertTrue(r.err().contains("<tpm"), r.err());
  }

  @Test
  void readsTheDomainFromStandardInputForDash() throws Exception {
    CliRun r = run(Files.readString(Path.of(Q35)), "verify", "--qemu", "/nonexistent", "-");

    assertEquals(ExitCodes.ENVIRONMENT, r.code(), "the domain was read and planned: " + r.err());
  }

  @Test
  void refusesAMissingFileWithExitOne() {
    CliRun r = run("", "verify", "no-such-domain.xml");

    assertEquals(ExitCodes.INVALID_INPUT, r.code(), r.err());
    assertTrue(r.err().contains("no-such-domain.xml: no such file"), r.err());
  }

  private static CliRun run(String stdin, String... args) {
    return CliRun.of(stdin, args);
  }

}
