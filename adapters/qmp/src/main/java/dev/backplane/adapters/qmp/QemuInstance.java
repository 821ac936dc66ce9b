package dev.backplane.adapters.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A running QEMU, owned by the caller, with its QMP monitor connected (capabilities negotiated).
 * QEMU starts paused ({@code -S}).
 *
 * <p>Always close it, with try-with-resources: {@link #close()} asks QEMU to {@code quit}, kills
 * it if it does not exit in time, and deletes its private directory. A JVM shutdown hook kills
 * instances still open when the JVM exits normally or on a signal (not on SIGKILL).
 *
 * <p>Commands are serialized; the methods may be called from any thread.
 */
public interface QemuInstance extends AutoCloseable {

  /** The QEMU binary, as a path. */
  String binary();

  /** QEMU's process id. */
  long pid();

  /** QEMU's version from the QMP greeting, such as {@code 7.2.22}. */
  String qemuVersion();

  /** Runs a command without arguments; see {@link #execute(String, Map, Duration)}. */
  JsonNode execute(String command);

  /** Runs a command with the default time limit; see {@link #execute(String, Map, Duration)}. */
  JsonNode execute(String command, Map<String, ?> arguments);

  /**
   * Runs a QMP command and returns its {@code return} value. Events that arrive meanwhile are set
   * aside (see {@link #events()}).
   *
   * @param arguments the command's arguments (maps, lists, strings, numbers, booleans), or an
   *     empty map
   * @throws QmpCommandException when QEMU answers with an error
   * @throws QmpTimeoutException when no answer arrives within {@code timeout}; a late answer is
   *     discarded, and the connection stays usable
   * @throws QmpProtocolException when the connection is closed or QEMU sends something that is
   *     not QMP
   */
  JsonNode execute(String command, Map<String, ?> arguments, Duration timeout);

  /**
   * Runs a human monitor (HMP) command, such as {@code info qtree}, through
   * {@code human-monitor-command} and returns its output with {@code \n} line ends (QEMU sends
   * {@code \r\n}). HMP reports most errors in the output text, not as a
   * {@link QmpCommandException}.
   */
  String humanMonitorCommand(String commandLine);

  /** The events set aside so far, oldest first (at most the launch's event capacity). */
  List<QmpEvent> events();

  /** Returns the events set aside so far and forgets them. */
  List<QmpEvent> drainEvents();

  /**
   * Waits for an event named {@code name}, taking it from the events set aside when one is there
   * already, and removes it from them.
   *
   * @throws QmpTimeoutException when it does not arrive within {@code timeout}
   */
  QmpEvent awaitEvent(String name, Duration timeout);

  /** QEMU's standard error so far (bounded: the start and the end of long output). */
  String stderr();

  /** Stops QEMU (quit, then SIGTERM, then SIGKILL) and cleans up; does nothing when closed. */
  @Override
  void close();
}
