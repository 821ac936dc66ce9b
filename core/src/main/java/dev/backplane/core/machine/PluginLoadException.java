package dev.backplane.core.machine;

/**
 * The installed machine plugins cannot work together: none was found, two share an id, or two of
 * equal priority claim one machine name. An environment problem (the CLI exits 3), not bad input.
 */
public class PluginLoadException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public PluginLoadException(String message) {
    super(message);
  }
}
