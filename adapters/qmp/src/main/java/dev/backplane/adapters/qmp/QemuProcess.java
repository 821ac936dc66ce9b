package dev.backplane.adapters.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** A QEMU child process with its QMP connection; see {@link QemuInstance}. */
final class QemuProcess implements QemuInstance {
  /** sun_path is 108 bytes on Linux, including the terminating NUL. */
  private static final int MAX_SOCKET_PATH = 107;
  /** How long a QEMU whose monitor failed during start gets to finish exiting and explain why. */
  private static final long EXIT_EXPLANATION_MILLIS = 500;
  /** The most time spent sending {@code quit} on close. */
  private static final Duration QUIT_TIMEOUT = Duration.ofSeconds(2);

  private final String binary;
  private final Process process;
  private final StderrCapture stderr;
  private final QmpConnection connection;
  private final QemuLaunch launch;
  private final AtomicBoolean closed = new AtomicBoolean();

  private QemuProcess(String binary, Process process, StderrCapture stderr,
      QmpConnection connection, QemuLaunch launch) {
    this.binary = binary;
    this.process = process;
    this.stderr = stderr;
    this.connection = connection;
    this.launch = launch;
  }

  static QemuInstance start(QemuLaunch launch) {
    Objects.requireNonNull(launch, "launch");
    String binary = Binaries.require(launch.binary()).toString();
    Path directory;
    try {
      directory = Files.createTempDirectory("backplane-qmp-"); // owner-only on POSIX
    } catch (IOException e) {
      throw new QmpException(binary, "cannot create a private directory for the QMP socket: " + e,
          null, e);
    }
    Path socket = directory.resolve("qmp.sock");
    if (socket.toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
      ProcessReaper.deleteTree(directory);
      throw new QmpException(binary, "the QMP socket path " + socket + " is longer than "
          + MAX_SOCKET_PATH + " bytes (fix: point java.io.tmpdir at a shorter directory)", null);
    }
    List<String> command = new ArrayList<>(List.of(binary,
        "-S", "-nodefaults", "-display", "none", "-accel", "tcg",
        "-qmp", "unix:" + socket.toString().replace(",", ",,") + ",server=on,wait=off"));
    command.addAll(launch.arguments());

    Process process;
    try {
      process = new ProcessBuilder(command)
          .directory(directory.toFile())
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException e) {
      ProcessReaper.deleteTree(directory);
      throw new QemuNotFoundException(binary, "cannot be run: " + e.getMessage(), e);
    }
    ProcessReaper.register(process, directory);
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // QEMU does not read its standard input
    }
    StderrCapture stderr = StderrCapture.start(process.getErrorStream(), process.pid());

    QmpConnection connection = null;
    try {
      long deadline = System.nanoTime() + launch.startTimeout().toNanos();
      connection = connect(binary, process, stderr, socket, deadline, launch);
      connection.handshake(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      return new QemuProcess(binary, process, stderr, connection, launch);
    } catch (RuntimeException e) {
      if (connection != null) {
        connection.close();
      }
      RuntimeException failure = e;
      if (e instanceof QmpProtocolException
          && exitedWithin(binary, process, EXIT_EXPLANATION_MILLIS)) {
        failure = startFailure(binary, process, stderr, e);
      }
      ProcessReaper.stop(process, false, launch.shutdownGrace());
      throw failure;
    } catch (Error e) {
      ProcessReaper.stop(process, false, launch.shutdownGrace());
      throw e;
    }
  }

  /** Waits for the socket to accept a connection, failing early when QEMU exits. */
  private static QmpConnection connect(String binary, Process process, StderrCapture stderr,
      Path socket, long deadline, QemuLaunch launch) {
    while (true) {
      if (!process.isAlive()) {
        throw startFailure(binary, process, stderr, null);
      }
      if (Files.exists(socket)) {
        try {
          return QmpConnection.connect(socket, binary, launch.eventCapacity(), stderr::text);
        } catch (IOException e) {
          // bound but not yet listening, or QEMU is exiting: look again
        }
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new QmpTimeoutException(binary, "its QMP socket did not accept a connection",
            launch.startTimeout(), stderr.text());
      }
      if (exitedWithin(binary, process, 20)) {
        throw startFailure(binary, process, stderr, null);
      }
    }
  }

  private static boolean exitedWithin(String binary, Process process, long millis) {
    try {
      return process.waitFor(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QmpException(binary, "interrupted while starting", null, e);
    }
  }

  private static QemuStartException startFailure(String binary, Process process,
      StderrCapture stderr, Throwable cause) {
    stderr.awaitEnd(1000);
    return new QemuStartException(binary, process.exitValue(), stderr.text(), cause);
  }

  @Override
  public String binary() {
    return binary;
  }

  @Override
  public long pid() {
    return process.pid();
  }

  @Override
  public String qemuVersion() {
    return connection.qemuVersion();
  }

  @Override
  public JsonNode execute(String command) {
    return execute(command, Map.of(), launch.commandTimeout());
  }

  @Override
  public JsonNode execute(String command, Map<String, ?> arguments) {
    return execute(command, arguments, launch.commandTimeout());
  }

  @Override
  public JsonNode execute(String command, Map<String, ?> arguments, Duration timeout) {
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(arguments, "arguments");
    Objects.requireNonNull(timeout, "timeout");
    return connection.execute(command, arguments, timeout);
  }

  @Override
  public String humanMonitorCommand(String commandLine) {
    Objects.requireNonNull(commandLine, "commandLine");
    return execute("human-monitor-command", Map.of("command-line", commandLine)).asText()
        .replace("\r\n", "\n");
  }

  @Override
  public List<QmpEvent> events() {
    return connection.events();
  }

  @Override
  public List<QmpEvent> drainEvents() {
    return connection.drainEvents();
  }

  @Override
  public QmpEvent awaitEvent(String name, Duration timeout) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(timeout, "timeout");
    return connection.awaitEvent(name, timeout);
  }

  @Override
  public String stderr() {
    return stderr.text();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    boolean quitting = false;
    try {
      if (process.isAlive() && connection.usable()) {
        connection.execute("quit", null,
            QUIT_TIMEOUT.compareTo(launch.shutdownGrace()) < 0 ? QUIT_TIMEOUT : launch.shutdownGrace());
        quitting = true;
      }
    } catch (QmpException e) {
      // it did not take the hint; it is stopped below
    } finally {
      connection.close();
      ProcessReaper.stop(process, quitting, launch.shutdownGrace());
      stderr.awaitEnd(200);
    }
  }

  @Override
  public String toString() {
    return "QemuProcess[" + binary + ", pid " + process.pid() + "]";
  }
}
