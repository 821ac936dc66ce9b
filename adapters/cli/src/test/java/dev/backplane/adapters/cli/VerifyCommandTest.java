package dev.backplane.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code backplane verify} through {@link Main#run} where QEMU is not needed: the QMP failure
 * modes themselves are covered in adapters/qmp; here, how the command reports them. Runs against
 * real QEMU are in {@link VerifyAcceptanceTest}.
 */
class VerifyCommandTest {
  private static final String Q35 = "src/test/resources/corpus/x86_64/q35-everything.xml";

  @Test
  void reportsAMissingQemuBinaryInOneLineWithExitThree() {
    Result r = run("", "verify", "--qemu", "/nonexistent", Q35);

    assertEquals(ExitCodes.ENVIRONMENT, r.code, r.err);
    assertEquals("", r.out);
    assertEquals(1, r.err.lines().count(), r.err);
    assertTrue(r.err.startsWith("backplane: /nonexistent: "), r.err);
  }

  @Test
  void reportsAQemuThatExitsAtStartWithItsStatusAndExitThree() {
    Result r = run("", "verify", "--qemu", "false", Q35);

    assertEquals(ExitCodes.ENVIRONMENT, r.code, r.err);
    assertEquals(1, r.err.lines().count(), r.err);
    assertTrue(r.err.contains("exited with status 1"), r.err);
  }

  @Test
  void refusesADomainThePlannerRefusesWithExitOneBeforeStartingQemu() {
    Result r = run("", "verify", "--qemu", "/nonexistent",
        "src/test/resources/corpus/x86_64/q35-conflict-same-address.xml");

    assertEquals(ExitCodes.INVALID_INPUT, r.code, r.err);
    assertEquals(1, r.err.lines().count(), r.err);
  }

  @Test
  void refusesADeviceNullBackendsCannotStandInForWithExitOne() {
    Result r = run("", "verify", "--qemu", "/nonexistent",
        "src/test/resources/corpus/x86_64/pc-tpm-tis-passthrough.xml");

    assertEquals(ExitCodes.INVALID_INPUT, r.code, r.err);
    assertTrue(r.err.contains("<tpm"), r.err);
  }

  @Test
  void readsTheDomainFromStandardInputForDash() throws Exception {
    Result r = run(Files.readString(Path.of(Q35)), "verify", "--qemu", "/nonexistent", "-");

    assertEquals(ExitCodes.ENVIRONMENT, r.code, "the domain was read and planned: " + r.err);
  }

  @Test
  void refusesAMissingFileWithExitOne() {
    Result r = run("", "verify", "no-such-domain.xml");

    assertEquals(ExitCodes.INVALID_INPUT, r.code, r.err);
    assertTrue(r.err.contains("no-such-domain.xml: no such file"), r.err);
  }

  private static Result run(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private record Result(int code, String out, String err) {}
}
