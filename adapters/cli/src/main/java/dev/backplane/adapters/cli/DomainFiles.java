package dev.backplane.adapters.cli;

import dev.backplane.adapters.libvirtxml.LibvirtDocument;
import dev.backplane.adapters.libvirtxml.LibvirtXml;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads the libvirt domain a command is given: a file, or standard input for {@code -}. */
final class DomainFiles {
  private DomainFiles() {}

  /**
   * Reads {@code file} ({@code -} for {@code stdin}).
   *
   * @throws CliException exit 1, naming the file, when it cannot be read or is not a domain
   */
  static LibvirtDocument read(String file, InputStream stdin) {
    if (file.equals("-")) {
      try {
        return LibvirtXml.read(stdin, "<stdin>");
      } catch (IOException e) {
        throw CliException.invalidInput("standard input: cannot read: " + e.getMessage(), e);
      }
    }
    Path path;
    try {
      path = Path.of(file);
    } catch (InvalidPathException e) {
      throw CliException.invalidInput(file + ": not a valid path", e);
    }
    try (InputStream in = Files.newInputStream(path)) {
      return LibvirtXml.read(in, file);
    } catch (NoSuchFileException e) {
      throw CliException.invalidInput(file + ": no such file", e);
    } catch (AccessDeniedException e) {
      throw CliException.invalidInput(file + ": permission denied", e);
    } catch (IOException e) {
      throw CliException.invalidInput(file + ": cannot read: " + e.getMessage(), e);
    }
  }
}
