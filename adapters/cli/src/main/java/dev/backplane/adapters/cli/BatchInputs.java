package dev.backplane.adapters.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The domains of {@code plan --batch}, in order: a FILE stands for itself, a DIR for its
 * {@code *.xml} files (sorted by name, not recursive), and {@code -} for the file names on
 * standard input, one per line (or NUL-terminated with {@code --null}, as {@code find -print0}
 * writes them). A name that does not exist stays in the list: it fails on its own.
 */
final class BatchInputs {
  private BatchInputs() {}

  /**
   * @throws IllegalArgumentException (a usage error) when {@code -} is given twice
   * @throws CliException exit 1 when standard input or a directory cannot be read
   */
  static List<String> expand(List<String> arguments, InputStream stdin, boolean nullSeparated) {
    List<String> files = new ArrayList<>();
    boolean stdinRead = false;
    for (String argument : arguments) {
      if (argument.equals("-")) {
        if (stdinRead) {
          throw new IllegalArgumentException("- (file names on standard input) may be given once");
        }
        stdinRead = true;
        files.addAll(names(stdin, nullSeparated));
      } else if (isDirectory(argument)) {
        files.addAll(domainsIn(Path.of(argument)));
      } else {
        files.add(argument);
      }
    }
    return files;
  }

  private static List<String> names(InputStream stdin, boolean nullSeparated) {
    String text;
    try {
      text = new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw CliException.invalidInput("standard input: cannot read: " + e.getMessage(), e);
    }
    List<String> names = new ArrayList<>();
    for (String name : text.split(nullSeparated ? "\0" : "\r?\n")) {
      if (!name.isEmpty()) {
        names.add(name);
      }
    }
    return names;
  }

  private static boolean isDirectory(String argument) {
    try {
      return Files.isDirectory(Path.of(argument));
    } catch (InvalidPathException e) {
      return false; // not a path at all: it fails as a file, with its name
    }
  }

  private static List<String> domainsIn(Path dir) {
    List<String> files = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.xml")) {
      for (Path entry : entries) {
        if (Files.isRegularFile(entry)) {
          files.add(entry.toString());
        }
      }
    } catch (IOException | UncheckedIOException e) {
      throw CliException.invalidInput(dir + ": cannot list the directory: " + e.getMessage(), e);
    }
    files.sort(null);
    return files;
  }
}
