package dev.backplane.adapters.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.ClassKey;
import dagger.multibindings.IntoMap;
import dev.backplane.core.Backplane;
import dev.backplane.core.machine.PluginCapabilitySource;
import dev.backplane.core.port.out.CapabilitySource;
import jakarta.inject.Singleton;
import java.util.ServiceConfigurationError;

/** Binds the engine, the JSON mapper and the commands. */
@Module
interface CliModule {

  /**
   * The machine plugins on the class path. Loading them is deferred until a command asks for the
   * engine (commands take a {@code Provider}), so {@code --help} works without plugins.
   */
  @Provides
  @Singleton
  static CapabilitySource capabilitySource() {
    try {
      return PluginCapabilitySource.fromClassPath();
    } catch (IllegalStateException | ServiceConfigurationError e) {
      throw CliException.environment(e.getMessage(), e);
    }
  }

  @Provides
  @Singleton
  static Backplane backplane(CapabilitySource source) {
    return Backplane.builder().capabilitySource(source).build();
  }

  @Provides
  @Singleton
  static ObjectMapper objectMapper() {
    return new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
  }

  @Binds
  @IntoMap
  @ClassKey(PlanCommand.class)
  Object plan(PlanCommand command);

  @Binds
  @IntoMap
  @ClassKey(DescribeCommand.class)
  Object describe(DescribeCommand command);

  @Binds
  @IntoMap
  @ClassKey(MachinesCommand.class)
  Object machines(MachinesCommand command);

  @Binds
  @IntoMap
  @ClassKey(VerifyCommand.class)
  Object verify(VerifyCommand command);
}
