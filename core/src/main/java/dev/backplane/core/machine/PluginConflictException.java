package dev.backplane.core.machine;

import dev.backplane.spi.Stable;
import java.util.List;

/**
 * Two plugins of equal priority claim one machine name or alias for one architecture. Neither may
 * take the name over silently; the one that should win declares a higher
 * {@link dev.backplane.spi.MachinePlugin#priority()}.
 */
@Stable
public final class PluginConflictException extends PluginLoadException {
  private static final long serialVersionUID = 1L;

  private final String arch;
  private final String name;

  PluginConflictException(String arch, String name, String firstId, String secondId) {
    super("machine plugins " + firstId + " and " + secondId + " both claim machine name '" + name
        + "' for " + arch + " with equal priority (fix: remove one of the plugins, or give the one"
        + " that should win a higher priority())", List.of(firstId, secondId));
    this.arch = arch;
    this.name = name;
  }

  /** {@return the architecture of the conflict, or null when it is about ids} */
  public String arch() {
    return arch;
  }

  /** {@return the contested canonical name or alias} */
  public String name() {
    return name;
  }
}
