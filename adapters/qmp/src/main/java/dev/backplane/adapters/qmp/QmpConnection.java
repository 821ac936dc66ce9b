package dev.backplane.adapters.qmp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A QMP client over a unix domain socket: non-blocking I/O with a selector, so that every read
 * and write has a deadline. Messages are one JSON object per line. Replies are matched to
 * commands by {@code id}; events are set aside in a bounded queue; late replies to commands that
 * timed out are discarded.
 */
final class QmpConnection implements AutoCloseable {
  static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final String binary;
  private final Supplier<String> qemuOutput;
  private final int eventCapacity;
  private final SocketChannel channel;
  private final Selector selector;
  private final SelectionKey key;
  private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
  private byte[] pending = new byte[64 * 1024];
  private int pendingLength;
  private final ArrayDeque<QmpEvent> events = new ArrayDeque<>();
  private long nextId = 1;
  private String qemuVersion = "unknown";
  private volatile QmpProtocolException broken;
  private volatile boolean closed;

  private QmpConnection(String binary, Supplier<String> qemuOutput, int eventCapacity,
      SocketChannel channel, Selector selector) throws IOException {
    this.binary = binary;
    this.qemuOutput = qemuOutput;
    this.eventCapacity = eventCapacity;
    this.channel = channel;
    this.selector = selector;
    channel.configureBlocking(false);
    this.key = channel.register(selector, SelectionKey.OP_READ);
  }

  /**
   * Connects to {@code socket}; throws {@link IOException} when nobody listens there (yet).
   *
   * @param qemuOutput what QEMU printed so far, quoted in error messages
   */
  static QmpConnection connect(Path socket, String binary, int eventCapacity,
      Supplier<String> qemuOutput) throws IOException {
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    Selector selector = null;
    try {
      channel.connect(UnixDomainSocketAddress.of(socket));
      selector = Selector.open();
      return new QmpConnection(binary, qemuOutput, eventCapacity, channel, selector);
    } catch (IOException | RuntimeException e) {
      channel.close();
      if (selector != null) {
        selector.close();
      }
      throw e;
    }
  }

  /** Reads the greeting and negotiates capabilities (none are asked for). */
  synchronized void handshake(Duration timeout) {
    long deadline = deadline(timeout);
    ObjectNode greeting = readMessage(deadline, timeout, "QMP greeting");
    JsonNode qmp = greeting.get("QMP");
    if (qmp == null || !qmp.isObject()) {
      throw broken("expected the QMP greeting, got " + abbreviate(greeting.toString()), null);
    }
    JsonNode version = qmp.path("version").path("qemu");
    if (version.has("major")) {
      qemuVersion = version.path("major").asInt() + "." + version.path("minor").asInt() + "."
          + version.path("micro").asInt();
    }
    long remaining = deadline - System.nanoTime();
    execute("qmp_capabilities", null, Duration.ofNanos(Math.max(1, remaining)));
  }

  String qemuVersion() {
    return qemuVersion;
  }

  /** Runs {@code command}; {@code arguments} may be null. */
  synchronized JsonNode execute(String command, Map<String, ?> arguments, Duration timeout) {
    ensureUsable();
    long deadline = deadline(timeout);
    String id = "backplane-" + nextId++;
    ObjectNode request = MAPPER.createObjectNode().put("execute", command);
    if (arguments != null && !arguments.isEmpty()) {
      request.set("arguments", MAPPER.valueToTree(arguments));
    }
    request.put("id", id);
    send(request, deadline, timeout, command);
    while (true) {
      ObjectNode message = readMessage(deadline, timeout, "reply to " + command);
      if (message.has("event")) {
        keep(toEvent(message));
        continue;
      }
      boolean isReturn = message.has("return");
      boolean isError = message.has("error");
      if (!isReturn && !isError) {
        throw broken("unexpected message while waiting for the reply to " + command + ": "
            + abbreviate(message.toString()), null);
      }
      JsonNode replyId = message.get("id");
      // QEMU echoes the id; an error without one answers a request it could not parse: ours
      if (replyId != null && !id.equals(replyId.asText())) {
        continue; // the late reply to a command that timed out
      }
      if (isError) {
        JsonNode error = message.path("error");
        throw new QmpCommandException(binary, command, error.path("class").asText("GenericError"),
            error.path("desc").asText(error.toString()));
      }
      return message.get("return");
    }
  }

  synchronized QmpEvent awaitEvent(String name, Duration timeout) {
    QmpEvent kept = takeEvent(name);
    if (kept != null) {
      return kept;
    }
    ensureUsable();
    long deadline = deadline(timeout);
    while (true) {
      ObjectNode message = readMessage(deadline, timeout, name + " event");
      if (message.has("event")) {
        QmpEvent event = toEvent(message);
        if (event.name().equals(name)) {
          return event;
        }
        keep(event);
      }
      // a reply now can only be a late one to a command that timed out
    }
  }

  List<QmpEvent> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  List<QmpEvent> drainEvents() {
    synchronized (events) {
      List<QmpEvent> copy = List.copyOf(events);
      events.clear();
      return copy;
    }
  }

  boolean usable() {
    return !closed && broken == null;
  }

  @Override
  public void close() {
    closed = true;
    selector.wakeup();
    try {
      channel.close();
    } catch (IOException e) {
      // nothing left to do
    }
    try {
      selector.close();
    } catch (IOException e) {
      // nothing left to do
    }
  }

  private void keep(QmpEvent event) {
    synchronized (events) {
      if (events.size() == eventCapacity) {
        events.removeFirst();
      }
      events.addLast(event);
    }
  }

  private QmpEvent takeEvent(String name) {
    synchronized (events) {
      for (Iterator<QmpEvent> it = events.iterator(); it.hasNext(); ) {
        QmpEvent event = it.next();
        if (event.name().equals(name)) {
          it.remove();
          return event;
        }
      }
      return null;
    }
  }

  private static QmpEvent toEvent(ObjectNode message) {
    JsonNode data = message.get("data");
    JsonNode stamp = message.path("timestamp");
    Instant timestamp = stamp.has("seconds")
        ? Instant.ofEpochSecond(stamp.path("seconds").asLong(), stamp.path("microseconds").asLong() * 1000)
        : Instant.now();
    return new QmpEvent(message.path("event").asText(),
        data == null ? JsonNodeFactory.instance.objectNode() : data, timestamp);
  }

  private void send(ObjectNode request, long deadline, Duration timeout, String command) {
    byte[] json;
    try {
      json = MAPPER.writeValueAsBytes(request);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("arguments of " + command + ": not JSON: " + e.getMessage(), e);
    }
    ByteBuffer out = ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip();
    try {
      while (out.hasRemaining()) {
        if (channel.write(out) == 0) {
          key.interestOps(SelectionKey.OP_WRITE);
          try {
            await(deadline, timeout, "could not send " + command);
          } finally {
            key.interestOps(SelectionKey.OP_READ);
          }
        }
      }
    } catch (IOException e) {
      throw broken("the QMP connection is closed (QEMU quit or died) while sending " + command, e);
    }
  }

  /** The next complete message, reading until {@code deadline}. */
  private ObjectNode readMessage(long deadline, Duration timeout, String what) {
    while (true) {
      ObjectNode message = nextBuffered();
      if (message != null) {
        return message;
      }
      await(deadline, timeout, "got no " + what);
      int n;
      try {
        readBuffer.clear();
        n = channel.read(readBuffer);
      } catch (IOException e) {
        throw broken("the QMP connection is closed (QEMU quit or died) while waiting for the " + what
            + ": " + e.getMessage(), e);
      }
      if (n < 0) {
        throw broken("QEMU closed the QMP connection (it quit or died) while waiting for the " + what,
            null);
      }
      if (n > 0) {
        append(readBuffer.array(), n);
      }
    }
  }

  private void append(byte[] bytes, int n) {
    if (pendingLength + n > MAX_MESSAGE_BYTES) {
      throw broken("a QMP message is longer than " + MAX_MESSAGE_BYTES + " bytes", null);
    }
    if (pendingLength + n > pending.length) {
      pending = Arrays.copyOf(pending, Math.min(MAX_MESSAGE_BYTES, Math.max(pending.length * 2, pendingLength + n)));
    }
    System.arraycopy(bytes, 0, pending, pendingLength, n);
    pendingLength += n;
  }

  /** Takes one line from the pending bytes and parses it, or returns null for no full line. */
  private ObjectNode nextBuffered() {
    while (true) {
      int newline = -1;
      for (int i = 0; i < pendingLength; i++) {
        if (pending[i] == '\n') {
          newline = i;
          break;
        }
      }
      if (newline < 0) {
        return null;
      }
      byte[] line = Arrays.copyOf(pending, newline);
      System.arraycopy(pending, newline + 1, pending, 0, pendingLength - newline - 1);
      pendingLength -= newline + 1;
      String text = new String(line, StandardCharsets.UTF_8).strip();
      if (text.isEmpty()) {
        continue;
      }
      JsonNode node;
      try {
        node = MAPPER.readTree(line);
      } catch (IOException e) {
        throw broken("not a QMP message: " + abbreviate(text), e);
      }
      if (node == null || !node.isObject()) {
        throw broken("not a QMP message (not a JSON object): " + abbreviate(text), null);
      }
      return (ObjectNode) node;
    }
  }

  /**
   * Waits until the channel is ready for the current interest, or throws at the deadline.
   *
   * @param failure the timeout message, such as "got no reply to quit"
   */
  private void await(long deadline, Duration timeout, String failure) {
    while (true) {
      ensureUsable();
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        throw new QmpTimeoutException(binary, failure, timeout, qemuOutput.get());
      }
      try {
        int ready = selector.select(Math.max(1, Duration.ofNanos(remaining).toMillis()));
        selector.selectedKeys().clear();
        if (ready > 0) {
          return;
        }
      } catch (ClosedSelectorException e) {
        throw new QmpProtocolException(binary, "the QMP connection was closed", null, e);
      } catch (IOException e) {
        throw broken("the QMP connection failed", e);
      }
      if (Thread.currentThread().isInterrupted()) {
        throw new QmpException(binary, "interrupted (" + failure + ")", null);
      }
    }
  }

  private void ensureUsable() {
    if (broken != null) {
      throw new QmpProtocolException(binary, "the QMP connection is unusable after an earlier failure: "
          + broken.getMessage(), null, broken);
    }
    if (closed) {
      throw new QmpProtocolException(binary, "the QMP connection is closed", null, null);
    }
  }

  private QmpProtocolException broken(String message, Throwable cause) {
    QmpProtocolException e = new QmpProtocolException(binary, message, qemuOutput.get(), cause);
    broken = e;
    return e;
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }

  private static long deadline(Duration timeout) {
    return System.nanoTime() + timeout.toNanos();
  }
}
