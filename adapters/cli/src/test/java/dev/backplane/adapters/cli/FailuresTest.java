package dev.backplane.adapters.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backplane.core.Backplane;
import dev.backplane.core.machine.PluginLoadException;
import dev.backplane.core.machine.PluginCapabilitySource;
import dev.backplane.core.model.Domain;
import dev.backplane.core.model.InvalidDomainException;
import dev.backplane.core.model.MachineOptionException;
import dev.backplane.core.model.UnknownMachineException;
import dev.backplane.core.port.in.DescribeMachineCommand;
import dev.backplane.core.port.in.PlanTopologyCommand;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each of core's exception types maps to its exit code, and gets the command line's own hints. */
class FailuresTest {
  private static final Backplane BACKPLANE = Backplane.builder().build();

  @Test
  void anInvalidDomainIsExitOneWithElementRuleAndFix() {
    InvalidDomainException e = new InvalidDomainException("<controller type='pci' index='1'>",
        "index 1 is taken", "renumber it");
    assertEquals(ExitCodes.INVALID_INPUT, Failures.exitCode(e));
    assertEquals("<controller type='pci' index='1'>: index 1 is taken (fix: renumber it)", Failures.line(e));
  }

  @Test
  void anUnknownMachineIsExitOneAndPointsAtTheMachinesCommand() {
    UnknownMachineException e = assertThrows(UnknownMachineException.class, () -> BACKPLANE.plan(
        new PlanTopologyCommand(new Domain("x86_64", "pc-q35-99.0", List.of()))));
    assertEquals(ExitCodes.INVALID_INPUT, Failures.exitCode(e));
    assertTrue(Failures.line(e).endsWith("; `backplane machines --arch x86_64` lists them)"), Failures.line(e));
  }

  @Test
  void anUnknownArchitectureIsExitOneAndPointsAtTheArchitectures() {
    UnknownMachineException e = assertThrows(UnknownMachineException.class, () -> BACKPLANE.plan(
        new PlanTopologyCommand(new Domain("sparc64", "sun4u", List.of()))));
    assertEquals(ExitCodes.INVALID_INPUT, Failures.exitCode(e));
    assertTrue(Failures.line(e).endsWith("`backplane machines` lists the architectures)"), Failures.line(e));
  }

  @Test
  void aRefusedMachineOptionIsExitOneAndPointsAtTables() {
    MachineOptionException e = assertThrows(MachineOptionException.class,
        () -> BACKPLANE.describe(DescribeMachineCommand.of("x86_64", "q35,bogus=on")));
    assertEquals(ExitCodes.INVALID_INPUT, Failures.exitCode(e));
    assertTrue(Failures.line(e).contains("plugin x86-q35"), Failures.line(e));
    assertTrue(Failures.line(e).endsWith("(--tables DIR))"), Failures.line(e));
  }

  @Test
  void aMalformedMachineOptionIsExitOneWithoutTheTablesHint() {
    MachineOptionException e = assertThrows(MachineOptionException.class,
        () -> DescribeMachineCommand.of("x86_64", "q35,sata"));
    assertEquals(ExitCodes.INVALID_INPUT, Failures.exitCode(e));
    assertTrue(Failures.line(e).endsWith("(fix: write the machine as name[,option=value])"), Failures.line(e));
  }

  @Test
  void noPluginsIsExitThreeAndNamesThePluginPath() throws Exception {
    try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
      PluginLoadException e = assertThrows(PluginLoadException.class, () -> PluginCapabilitySource.load(empty));
      assertEquals(ExitCodes.ENVIRONMENT, Failures.exitCode(e));
      assertTrue(Failures.line(e).endsWith("; or name plugin jars in BACKPLANE_PLUGINS"), Failures.line(e));
    }
  }

  @Test
  void aDuplicatePluginIdIsExitThreeWithCoreMessageAsItIs() {
    PluginLoadException e = new PluginLoadException("two machine plugins use id 'x'", List.of("x", "x"));
    assertEquals(ExitCodes.ENVIRONMENT, Failures.exitCode(e));
    assertEquals("two machine plugins use id 'x'", Failures.line(e));
  }

  @Test
  void theCommandLinePrintsTheHintOnOneLine() {
    CliRun r = CliRun.of("", "describe", "q35,bogus=on");
    assertEquals(1, r.code(), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("backplane: MACHINE 'q35,bogus=on' (--arch x86_64): plugin x86-q35: "),
        r.err());
    assertTrue(r.err().strip().endsWith("or describe the machine in a table (--tables DIR))"), r.err());
  }

  @Test
  void theCommandLinePrintsTheMachinesHintForAnUnknownMachine() {
    CliRun r = CliRun.of("", "describe", "pc-q35-99.0");
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().strip().endsWith("`backplane machines --arch x86_64` lists them)"), r.err());
  }
}
