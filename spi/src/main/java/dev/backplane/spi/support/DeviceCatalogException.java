package dev.backplane.spi.support;

import dev.backplane.spi.Experimental;

/**
 * A device catalog file breaks the catalog format: an unknown header or property, a bad value, a
 * missing base catalog. The message names the file, the line and a fix.
 */
@Experimental(since = "2026-12-01")
public final class DeviceCatalogException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  DeviceCatalogException(String origin, int line, String problem, String fix) {
    super("device catalog " + origin + (line > 0 ? ":" + line : "") + ": " + problem
        + (fix.isEmpty() ? "" : " (fix: " + fix + ")"));
  }
}
