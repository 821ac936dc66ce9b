package dev.backplane.adapters.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The value of every {@code --qemu}: a blank one names no binary, so it is a usage error (exit 2)
 * before anything looks for it or starts it.
 */
final class QemuBinaryConverter implements ITypeConverter<String> {
  @Override
  public String convert(String value) {
    if (value.isBlank()) {
      throw new TypeConversionException("'" + value + "' names no binary: give a path or a name on PATH,"
          + " such as qemu-system-x86_64");
    }
    return value;
  }
}
