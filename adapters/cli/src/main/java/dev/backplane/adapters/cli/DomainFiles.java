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
    return LibvirtXml.read(bytes(file, stdin), name(file));
  }

  /** How messages name {@code file}. */
  static String name(String file) {
    return file.equals("-") ? "<stdin>" : file;
  }

  /**
   * The bytes of {@code file} ({@code -} for {@code stdin}), at most {@link LibvirtXml#MAX_BYTES}.
   *
   * @throws CliException exit 1, naming the file, when it cannot be read or is too large
   */
  static byte[] bytes(String file, InputStream stdin) {
    byte[] bytes = readAll(file, stdin);
    if (bytes.length > LibvirtXml.MAX_BYTES) {
      throw CliException.invalidInput(name(file) + ": larger than the " + LibvirtXml.MAX_BYTES
          + " bytes a libvirt document may have here");
    }
    return bytes;
  }

  private static byte[] readAll(String file, InputStream stdin) {
    if (file.equals("-")) {
      try {
        return stdin.readNBytes(LibvirtXml.MAX_BYTES + 1);
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
      return in.readNBytes(LibvirtXml.MAX_BYTES + 1);
    } catch (NoSuchFileException e) {
      throw CliException.invalidInput(file + ": no such file", e);
    } catch (AccessDeniedException e) {
      throw CliException.invalidInput(file + ": permission denied", e);
    } catch (IOException e) {
      throw CliException.invalidInput(file + ": cannot read: " + e.getMessage(), e);
    }
  }
}
