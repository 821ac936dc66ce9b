package dev.backplane.spi.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A machine table as {@link MachineTableCompiler} writes it at build time: the families with
 * {@code extends} resolved, the machines and the device list, checked, in a binary form a run
 * reads without parsing JSON, composing files or checking the format again. Internal to
 * {@link MachineTable}: the form belongs to one version of this class, and a table written by
 * another (a different {@link #FORMAT}) or from other files is not used; its JSON files are read
 * instead.
 */
final class CompiledTable {
  static final String FORMAT = "backplane-compiled-table/1";
  private static final String SUFFIX = ".compiled";

  private CompiledTable() {}

  /** The resource name of the compiled form of {@code files}, beside them. */
  static String resourceName(List<String> files) {
    return String.join("+", files) + SUFFIX;
  }

  static byte[] write(MachineTable table, List<String> files) {
    List<Object> parts = List.of(FORMAT, files, table.arch(), table.binary().isPresent(),
        table.binary().orElse(""), table.source(), List.copyOf(table.qemuDevices()),
        table.resolvedFamilies(), table.machineRows());
    Output out = new Output();
    for (Object part : parts) {
      out.collect(part);
    }
    out.strings();
    for (Object part : parts) {
      out.value(part);
    }
    return out.bytes.toByteArray();
  }

  /** The table in {@code bytes}, or empty when they are another format's or other files'. */
  @SuppressWarnings("unchecked")
  static Optional<MachineTable> read(byte[] bytes, List<String> files) {
    try {
      Input in = new Input(bytes);
      if (!FORMAT.equals(in.value()) || !files.equals(in.value())) {
        return Optional.empty();
      }
      String arch = (String) in.value();
      boolean hasBinary = (Boolean) in.value();
      String binary = (String) in.value();
      String source = (String) in.value();
      Set<String> devices = new LinkedHashSet<>((List<String>) in.value());
      Map<String, Map<String, Object>> families = (Map<String, Map<String, Object>>) in.value();
      List<Map<String, Object>> machines = (List<Map<String, Object>>) in.value();
      return Optional.of(MachineTable.of(String.join(" + ", files), arch,
          hasBinary ? Optional.of(binary) : Optional.empty(), source, families, machines, devices,
          false));
    } catch (RuntimeException e) { // cut short, or not a compiled table this version wrote
      return Optional.empty();
    }
  }

  // The form: the format name, then every distinct string once (a count, then each as a 2-byte
  // length and its UTF-8 bytes), then the values, each a byte saying its type (as Json reads them:
  // maps, lists, strings, Long, Double, Boolean, null) and its content, strings by their number.
  private static final int MAP = 'o';
  private static final int LIST = 'a';
  private static final int STRING = 's';
  private static final int LONG = 'l';
  private static final int DOUBLE = 'd';
  private static final int TRUE = 't';
  private static final int FALSE = 'f';
  private static final int NULL = 'n';

  private static final class Output {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final Map<String, Integer> strings = new LinkedHashMap<>();

    void collect(Object value) {
      if (value instanceof Map<?, ?> map) {
        map.forEach((k, v) -> {
          collect(k);
          collect(v);
        });
      } else if (value instanceof List<?> list) {
        list.forEach(this::collect);
      } else if (value instanceof String text) {
        strings.putIfAbsent(text, strings.size());
      }
    }

    void strings() {
      number(strings.size(), 4);
      for (String text : strings.keySet()) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > 0xffff) {
          throw new IllegalArgumentException("a table string of " + utf8.length + " bytes");
        }
        bytes.write(utf8.length >>> 8);
        bytes.write(utf8.length);
        bytes.writeBytes(utf8);
      }
    }

    void value(Object value) {
      if (value instanceof Map<?, ?> map) {
        bytes.write(MAP);
        number(map.size(), 4);
        map.forEach((k, v) -> {
          value(k);
          value(v);
        });
      } else if (value instanceof List<?> list) {
        bytes.write(LIST);
        number(list.size(), 4);
        list.forEach(this::value);
      } else if (value instanceof String text) {
        bytes.write(STRING);
        number(strings.get(text), 4);
      } else if (value instanceof Long number) {
        bytes.write(LONG);
        number(number, 8);
      } else if (value instanceof Double number) {
        bytes.write(DOUBLE);
        number(Double.doubleToRawLongBits(number), 8);
      } else if (value instanceof Boolean bool) {
        bytes.write(bool ? TRUE : FALSE);
      } else if (value == null) {
        bytes.write(NULL);
      } else {
        throw new IllegalArgumentException("a table holds no " + value.getClass().getName());
      }
    }

    void number(long value, int size) {
      for (int shift = (size - 1) * 8; shift >= 0; shift -= 8) {
        bytes.write((int) (value >>> shift));
      }
    }
  }

  private static final class Input {
    private final byte[] bytes;
    private int pos;
    private final String[] strings;

    Input(byte[] bytes) {
      this.bytes = bytes;
      strings = new String[count()];
      for (int i = 0; i < strings.length; i++) {
        int length = (int) number(2);
        strings[i] = new String(bytes, pos, length, StandardCharsets.UTF_8);
        pos += length;
      }
    }

    Object value() {
      int type = bytes[pos++];
      switch (type) {
        case MAP -> {
          int size = count();
          Map<String, Object> map = new LinkedHashMap<>();
          for (int i = 0; i < size; i++) {
            map.put((String) value(), value());
          }
          return map;
        }
        case LIST -> {
          int size = count();
          List<Object> list = new ArrayList<>(size);
          for (int i = 0; i < size; i++) {
            list.add(value());
          }
          return list;
        }
        case STRING -> {
          return strings[(int) number(4)];
        }
        case LONG -> {
          return number(8);
        }
        case DOUBLE -> {
          return Double.longBitsToDouble(number(8));
        }
        case TRUE -> {
          return Boolean.TRUE;
        }
        case FALSE -> {
          return Boolean.FALSE;
        }
        case NULL -> {
          return null;
        }
        default -> throw new IllegalArgumentException("unknown value type " + type);
      }
    }

    /** A count of what follows, each at least a byte: a damaged form cannot ask for more. */
    private int count() {
      long count = number(4);
      if (count > bytes.length - pos) {
        throw new IllegalArgumentException("a count of " + count + " with " + (bytes.length - pos) + " bytes left");
      }
      return (int) count;
    }

    private long number(int size) {
      long value = 0;
      for (int i = 0; i < size; i++) {
        value = value << 8 | (bytes[pos++] & 0xff);
      }
      return value;
    }
  }
}
