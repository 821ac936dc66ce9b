package dev.backplane.core.model;

import dev.backplane.spi.MachineRequest;
import dev.backplane.spi.Stable;
import java.util.Map;

/**
 * A machine option is malformed ({@code q35,sata}) or the machine's source refuses it
 * ({@code q35,foo=bar}).
 */
@Stable
public final class MachineOptionException extends InvalidDomainException {
  private static final long serialVersionUID = 1L;

  private final String arch;
  private final String machine;
  private final Map<String, String> options;
  private final String pluginId;

  /**
   * A machine option refused.
   *
   * @param element the element at fault, as XML
   * @param rule the rule it breaks, in words
   * @param fix how to fix it, in words
   * @param arch the architecture
   * @param machine the machine as written, with its options
   * @param options the options refused
   * @param pluginId the plugin that refused them, or null
   * @param cause the plugin's refusal, or null
   */
  public MachineOptionException(String element, String rule, String fix, String arch,
      String machine, Map<String, String> options, String pluginId, Throwable cause) {
    super(element, rule, fix, cause);
    this.arch = arch;
    this.machine = machine;
    this.options = Map.copyOf(options);
    this.pluginId = pluginId;
  }

  /**
   * {@return the refusal of {@code machine} ({@code name,option...}), an option of which is not {@code key=value}}
   *
   * @param arch the architecture, as libvirt spells it ({@code x86_64}, {@code s390x})
   * @param machine the machine as written, a name or alias with options ({@code q35,sata=off})
   * @param cause the parse error, whose message names the option
   */
  public static MachineOptionException malformed(String arch, String machine, IllegalArgumentException cause) {
    return new MachineOptionException(element(arch, machine), cause.getMessage(),
        "write the machine as name[,option=value]", arch, machine, Map.of(), null, cause);
  }

  /**
   * {@return the options of {@code request} were refused by {@code pluginId} (null: by another source)}
   *
   * @param request the machine asked for
   * @param pluginId the id of the plugin that refused them, or null when another source did
   * @param cause the parse error, whose message names the option
   */
  public static MachineOptionException refused(MachineRequest request, String pluginId,
      IllegalArgumentException cause) {
    StringBuilder written = new StringBuilder(request.name());
    request.options().forEach((k, v) -> written.append(',').append(k).append('=').append(v));
    return new MachineOptionException(element(request.arch(), written.toString()),
        (pluginId == null ? "" : "plugin " + pluginId + ": ") + cause.getMessage(),
        "drop the option, or take this machine from a source that knows it",
        request.arch(), written.toString(), request.options(), pluginId, cause);
  }

  private static String element(String arch, String machine) {
    return "<os><type arch='" + arch + "' machine='" + machine + "'>";
  }

  /** {@return the architecture the machine was asked for} */
  public String arch() {
    return arch;
  }

  /** {@return the machine as written, with its options: {@code q35,sata=off}} */
  public String machine() {
    return machine;
  }

  /** {@return the options that could be parsed (empty when none could)} */
  public Map<String, String> options() {
    return options;
  }

  /**
   * {@return the plugin that refused the options; null when they were malformed or another source refused}
   */
  public String pluginId() {
    return pluginId;
  }
}
