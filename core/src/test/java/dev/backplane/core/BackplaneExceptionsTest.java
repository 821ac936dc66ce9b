package dev.backplane.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backplane.core.model.BackplaneException;
import dev.backplane.core.model.Domain;
import dev.backplane.core.model.InvalidDomainException;
import dev.backplane.core.model.MachineOptionException;
import dev.backplane.core.model.UnknownMachineException;
import dev.backplane.core.port.in.DescribeMachineCommand;
import dev.backplane.core.port.in.PlanTopologyCommand;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The typed failures of the facade: structured fields, and messages free of any front end's words. */
class BackplaneExceptionsTest {
  private static final Backplane BACKPLANE = Backplane.builder().build();
  /** A command (`backplane machines`) or a flag (--tables) of the command line. */
  private static final Pattern CLI_WORDS = Pattern.compile("backplane |--[a-z]|`");

  @Test
  void anUnknownMachineNamesTheArchitectureAndTheKnownNames() {
    UnknownMachineException e = assertThrows(UnknownMachineException.class,
        () -> BACKPLANE.plan(new PlanTopologyCommand(new Domain("x86_64", "pc-q35-99.0", List.of()))));
    assertEquals("x86_64", e.arch());
    assertEquals("pc-q35-99.0", e.machine());
    assertTrue(e.known().contains("q35") && e.known().contains("pc-q35-7.2"), e.known().toString());
    assertEquals("<os><type arch='x86_64' machine='pc-q35-99.0'>", e.element());
    assertNoCliWords(e);
  }

  @Test
  void anArchitectureWithoutMachinesIsAnUnknownMachineWithNothingKnown() {
    UnknownMachineException e = assertThrows(UnknownMachineException.class,
        () -> BACKPLANE.plan(new PlanTopologyCommand(new Domain("sparc64", null, List.of()))));
    assertNull(e.machine());
    assertEquals(List.of(), e.known());
    assertNoCliWords(e);
  }

  @Test
  void anOptionThePluginRefusesNamesThePluginAndTheOption() {
    MachineOptionException e = assertThrows(MachineOptionException.class,
        () -> BACKPLANE.describe(DescribeMachineCommand.of("x86_64", "q35,bogus=on")));
    assertEquals("x86-q35", e.pluginId());
    assertEquals(Map.of("bogus", "on"), e.options());
    assertEquals("q35,bogus=on", e.machine());
    assertTrue(e.rule().contains("bogus"), e.rule());
    assertTrue(e.getCause() instanceof IllegalArgumentException, String.valueOf(e.getCause()));
    assertNoCliWords(e);
  }

  @Test
  void aMalformedOptionIsRefusedBeforeAnySourceIsAsked() {
    MachineOptionException e = assertThrows(MachineOptionException.class,
        () -> DescribeMachineCommand.of("x86_64", "q35,sata"));
    assertNull(e.pluginId());
    assertEquals(Map.of(), e.options());
    assertNoCliWords(e);
  }

  @Test
  void aDomainWithARefusedOptionIsAnInvalidDomain() {
    InvalidDomainException e = assertThrows(InvalidDomainException.class,
        () -> BACKPLANE.plan(new PlanTopologyCommand(new Domain("x86_64", "q35,bogus=on", List.of()))));
    assertTrue(e instanceof MachineOptionException, e.getClass().getName());
  }

  private static void assertNoCliWords(BackplaneException e) {
    assertFalse(CLI_WORDS.matcher(e.getMessage()).find(), e.getMessage());
  }
}
