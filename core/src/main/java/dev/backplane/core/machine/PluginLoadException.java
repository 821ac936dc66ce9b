package dev.backplane.core.machine;

import dev.backplane.core.model.EnvironmentException;
import dev.backplane.spi.Stable;
import java.util.List;

/**
 * The installed machine plugins cannot work together: none was found, two share an id, or two of
 * equal priority claim one machine name ({@link PluginConflictException}). An environment
 * problem, not bad input.
 */
@Stable
public class PluginLoadException extends EnvironmentException {
  private static final long serialVersionUID = 1L;

  private final List<String> pluginIds;

  /**
   * A failure to load plugins.
   *
   * @param message what failed
   * @param pluginIds the ids of the plugins concerned (may be empty)
   */
  public PluginLoadException(String message, List<String> pluginIds) {
    super(message, null);
    this.pluginIds = List.copyOf(pluginIds);
  }

  /**
   * {@return the ids of the plugins at fault: empty when none was found, the shared id twice for a duplicate}
   */
  public List<String> pluginIds() {
    return pluginIds;
  }
}
