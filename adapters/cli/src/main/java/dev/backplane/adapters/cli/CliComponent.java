package dev.backplane.adapters.cli;

import dagger.BindsInstance;
import dagger.Component;
import jakarta.inject.Provider;
import jakarta.inject.Qualifier;
import jakarta.inject.Singleton;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.util.Map;

/**
 * Everything one run of {@code backplane} needs, built once per run by {@link Main} with the
 * run's standard streams bound as instances (as bundletool binds each command's inputs).
 */
@Singleton
@Component(modules = CliModule.class)
interface CliComponent {

  /** The picocli commands, by class, for {@link Main}'s picocli factory. */
  Map<Class<?>, Provider<Object>> commands();

  @Component.Builder
  interface Builder {
    @BindsInstance
    Builder stdin(@Stdin InputStream in);

    @BindsInstance
    Builder stdout(@Stdout PrintStream out);

    @BindsInstance
    Builder stderr(@Stderr PrintStream err);

    CliComponent build();
  }

  /** Where input is read from when a command is given {@code -}. */
  @Qualifier
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @interface Stdin {}

  /** Data only. */
  @Qualifier
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @interface Stdout {}

  /** Diagnostics only. */
  @Qualifier
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @interface Stderr {}
}
