package dev.backplane.adapters.libvirtxml;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * libvirt 9.0's values for the enumerated attributes the reader checks, from
 * {@code libvirt-9.0-vocabulary.tsv}: per element (or {@code controller:TYPE}) and
 * {@code path@attribute}, the values libvirt knows and those its QEMU driver refuses.
 */
final class LibvirtVocabulary {
  /** One attribute's values: {@code known} (empty: the attribute is not allowed), {@code refused}. */
  record Values(Set<String> known, Set<String> refused) {
    /** The values a fix may suggest, sorted. */
    Set<String> usable() {
      Set<String> usable = new TreeSet<>(known);
      usable.removeAll(refused);
      return usable;
    }
  }

  private static final Map<String, Map<String, Values>> BY_ELEMENT = load();

  private LibvirtVocabulary() {}

  /** The checked attributes of {@code element} ({@code controller:scsi} for a SCSI controller's). */
  static Map<String, Values> of(String element) {
    return BY_ELEMENT.getOrDefault(element, Map.of());
  }

  private static Map<String, Map<String, Values>> load() {
    String resource = "libvirt-9.0-vocabulary.tsv";
    Map<String, Map<String, Values>> table = new HashMap<>();
    try (InputStream in = LibvirtVocabulary.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] columns = line.split("\t"); // one character: no pattern compiled
        Set<String> known = words(columns[2]);
        Set<String> refused = columns.length > 3 ? words(columns[3]) : Set.of();
        table.computeIfAbsent(columns[0], k -> new HashMap<>())
            .put(columns[1], new Values(known, refused));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    table.replaceAll((element, attributes) -> Map.copyOf(attributes));
    return Map.copyOf(table);
  }

  /** The words of a column, between runs of spaces; "-" for none. */
  private static Set<String> words(String column) {
    List<String> words = new ArrayList<>();
    for (String word : column.split(" ")) { // one character: no pattern compiled
      if (!word.isEmpty()) {
        words.add(word);
      }
    }
    return words.equals(List.of("-")) ? Set.of() : Set.copyOf(words);
  }
}
