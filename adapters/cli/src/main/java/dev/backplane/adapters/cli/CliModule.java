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
import dev.backplane.core.port.out.CapabilitySource;
import jakarta.inject.Singleton;

/** Binds the engine, the JSON mapper and the commands. */
@Module
interface CliModule {

  /**
   * The one --qemu/--tables/--cache-dir mixin of a run, provided here rather than marked on its
   * class: picocli reads every annotation of a mixin class, and each annotation type costs a
   * proxy class at start-up.
   */
  @Provides
  @Singleton
  static KnowledgeOptions knowledgeOptions() {
    return new KnowledgeOptions();
  }

  /**
   * The machine plugins on the class path, after --tables and --qemu when given (see
   * KnowledgeSources). Loading them is deferred until a command asks for the
   * engine (commands take a {@code Provider}), so {@code --help} works without plugins.
   */
  @Provides
  @Singleton
  static CapabilitySource capabilitySource(KnowledgeOptions knowledge,
      @CliComponent.Stderr java.io.PrintStream stderr) {
    return KnowledgeSources.resolve(knowledge, stderr); // plugins, plus --tables and --qemu
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
  @ClassKey(AddCommand.class)
  Object add(AddCommand command);

  @Binds
  @IntoMap
  @ClassKey(RemoveCommand.class)
  Object remove(RemoveCommand command);

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

  @Binds
  @IntoMap
  @ClassKey(ProbeCommand.class)
  Object probe(ProbeCommand command);

  @Binds
  @IntoMap
  @ClassKey(DriftCommand.class)
  Object drift(DriftCommand command);

  @Binds
  @IntoMap
  @ClassKey(DiffCommand.class)
  Object diff(DiffCommand command);
}
