package dev.backplane.adapters.cli;

import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where third-party machine plugins come from: the path list in {@code BACKPLANE_PLUGINS} (jars,
 * directories of jars, or class directories), else the {@code plugins/} directory beside the
 * running jar. They are loaded with one class loader on top of Backplane's own, so they see the
 * SPI of this Backplane.
 */
final class PluginPath {
  static final String VARIABLE = "BACKPLANE_PLUGINS";

  private PluginPath() {}

  /** The class loader to find plugins with: Backplane's own when there is nothing to add. */
  static ClassLoader classLoader(Map<String, String> env) {
    ClassLoader own = PluginPath.class.getClassLoader();
    List<URL> urls = urls(env);
    return urls.isEmpty() ? own : new URLClassLoader(urls.toArray(URL[]::new), own);
  }

  static List<URL> urls(Map<String, String> env) {
    String list = env.get(VARIABLE);
    List<Path> entries = new ArrayList<>();
    if (list != null && !list.isBlank()) {
      for (String entry : list.split(File.pathSeparator)) {
        if (entry.isBlank()) {
          continue;
        }
        Path path = Path.of(entry);
        if (!Files.exists(path)) {
          throw CliException.environment(VARIABLE + ": " + entry + " does not exist (fix: list"
              + " plugin jars or directories, separated by '" + File.pathSeparator + "')", null);
        }
        entries.add(path);
      }
    } else {
      besideTheJar().filter(Files::isDirectory).ifPresent(entries::add);
    }
    List<URL> urls = new ArrayList<>();
    for (Path entry : entries) {
      for (Path path : expand(entry)) {
        try {
          urls.add(path.toUri().toURL());
        } catch (MalformedURLException e) {
          throw CliException.environment(VARIABLE + ": " + path + ": " + e.getMessage(), e);
        }
      }
    }
    return urls;
  }

  /** A jar; a class directory (it has META-INF); or a directory whose jars are the plugins. */
  private static List<Path> expand(Path entry) {
    if (!Files.isDirectory(entry) || Files.isDirectory(entry.resolve("META-INF"))) {
      return List.of(entry);
    }
    try (Stream<Path> files = Files.list(entry)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
    } catch (IOException e) {
      throw CliException.environment("cannot list plugin directory " + entry + ": " + e.getMessage(), e);
    }
  }

  /** {@code plugins/} next to the jar Backplane runs from; none when it runs from classes. */
  private static java.util.Optional<Path> besideTheJar() {
    try {
      var source = PluginPath.class.getProtectionDomain().getCodeSource();
      Path location = source != null ? Path.of(source.getLocation().toURI())
          : jarOf(PluginPath.class.getResource("PluginPath.class"));
      return location != null && location.toString().endsWith(".jar")
          ? java.util.Optional.of(location.resolveSibling("plugins")) : java.util.Optional.empty();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return java.util.Optional.empty();
    }
  }

  /**
   * The jar a {@code jar:file:...!/entry} resource comes from; null for any other resource. Classes
   * on the boot class path (where {@code ./backplane} puts the jar) have no code source.
   */
  static Path jarOf(URL resource) throws URISyntaxException {
    if (resource == null || !"jar".equals(resource.getProtocol())) {
      return null;
    }
    String spec = resource.getPath();
    int separator = spec.indexOf("!/");
    URI jar = new URI(separator < 0 ? spec : spec.substring(0, separator));
    return "file".equals(jar.getScheme()) ? Path.of(jar) : null;
  }
}
