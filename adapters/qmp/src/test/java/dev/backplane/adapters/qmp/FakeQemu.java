package dev.backplane.adapters.qmp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A fake QEMU "binary": a shell script that records its arguments and pid and then sleeps (in a
 * child, so that killing it must also kill its descendants). With a {@link Conversation}, a Java
 * thread binds the QMP socket the script was given and plays the monitor's side, so no python3 or
 * socat is needed.
 */
final class FakeQemu implements AutoCloseable {
  /** The monitor's side of a fake QMP conversation. */
  interface Conversation {
    void run(Monitor monitor) throws IOException;
  }

  /** Line-based access to the accepted connection. */
  static final class Monitor {
    private final BufferedReader in;
    private final OutputStream out;

    Monitor(SocketChannel channel) {
      this.in = new BufferedReader(
          new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
      this.out = Channels.newOutputStream(channel);
    }

    void send(String line) throws IOException {
      out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    }

    /** Reads one command and returns its id (as JSON text, quotes included). */
    String readCommandId() throws IOException {
      String line = in.readLine();
      if (line == null) {
        throw new IOException("client closed the connection");
      }
      int at = line.indexOf("\"id\":");
      return at < 0 ? "null" : line.substring(at + 5).replaceAll("[}\\s]+$", "");
    }

    void greet() throws IOException {
      send("{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 7},"
          + " \"package\": \"fake\"}, \"capabilities\": []}}");
      String id = readCommandId(); // qmp_capabilities
      send("{\"return\": {}, \"id\": " + id + "}");
    }

    /** Blocks until the client goes away. */
    void idle() throws IOException {
      while (in.readLine() != null) {
        // ignore everything
      }
    }
  }

  private final Path directory;
  private final Path script;
  private final Thread server;
  private volatile ServerSocketChannel listener;
  private volatile SocketChannel connection;

  private FakeQemu(Path directory, Conversation conversation) throws IOException {
    this.directory = directory;
    this.script = directory.resolve("qemu-system-fake");
    Files.writeString(script, "#!/bin/sh\n"
        + "echo $$ > '" + directory.resolve("pid") + "'\n"
        + "printf '%s\\n' \"$@\" > '" + directory.resolve("args.tmp") + "'\n"
        + "mv '" + directory.resolve("args.tmp") + "' '" + directory.resolve("args") + "'\n"
        + "sleep 60 &\n"
        + "echo $! > '" + directory.resolve("child-pid") + "'\n"
        + "wait\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    if (conversation == null) {
      server = null;
    } else {
      server = new Thread(() -> serve(conversation), "fake-qmp-monitor");
      server.setDaemon(true);
      server.start();
    }
  }

  /** A binary that never opens its QMP socket. */
  static FakeQemu hanging(Path directory) throws IOException {
    return new FakeQemu(directory, null);
  }

  /** A binary whose QMP socket is served by {@code conversation}. */
  static FakeQemu serving(Path directory, Conversation conversation) throws IOException {
    return new FakeQemu(directory, conversation);
  }

  String binary() {
    return script.toString();
  }

  /** The pids of the script and of its sleeping child, once the script has recorded them. */
  List<Long> pids() throws IOException {
    awaitFile(directory.resolve("child-pid"));
    return List.of(readPid("pid"), readPid("child-pid"));
  }

  /** The QMP socket path the script was given. */
  Path socket() throws IOException {
    Path args = directory.resolve("args");
    awaitFile(args);
    List<String> lines = Files.readAllLines(args);
    String qmp = lines.get(lines.indexOf("-qmp") + 1);
    return Path.of(qmp.substring("unix:".length(), qmp.indexOf(",server=")).replace(",,", ","));
  }

  private long readPid(String name) throws IOException {
    return Long.parseLong(Files.readString(directory.resolve(name)).strip());
  }

  private void serve(Conversation conversation) {
    try {
      Path socket = socket();
      listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      listener.bind(UnixDomainSocketAddress.of(socket));
      connection = listener.accept();
      conversation.run(new Monitor(connection));
    } catch (IOException e) {
      // the client went away or the test is over
    }
  }

  private static void awaitFile(Path file) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!Files.exists(file)) {
      if (System.nanoTime() > deadline) {
        throw new IOException(file + " did not appear");
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }
  }

  @Override
  public void close() {
    closeQuietly(connection);
    closeQuietly(listener);
    if (server != null) {
      try {
        server.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      if (closeable != null) {
        closeable.close();
      }
    } catch (Exception e) {
      // test cleanup
    }
  }
}
