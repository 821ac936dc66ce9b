package dev.backplane.testkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;

/**
 * ArchUnit rules for machine plugins. {@link MachinePluginContract} checks them on the plugin's
 * package; use them with {@code @ArchTest} on more packages.
 */
public final class PluginRules {
  private PluginRules() {}

  /** What plugin code may use besides its own package (and the packages below it). */
  private static final List<String> ALLOWED = List.of(
      "dev.backplane.spi", "java", "org.immutables", "com.google.auto.service");

  /**
   * A plugin's main code depends only on the SPI, the JDK, the Immutables and AutoService
   * annotations and its own packages: Backplane's core and adapters, and other libraries, are not
   * on a plugin's class path when the launcher loads it.
   */
  public static final ArchRule DEPENDS_ONLY_ON_SPI_AND_THE_JDK = classes()
      .should(new ArchCondition<JavaClass>("depend only on the spi, the JDK and their own package") {
        @Override
        public void check(JavaClass origin, ConditionEvents events) {
          for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
            String target = dependency.getTargetClass().getBaseComponentType().getPackageName();
            boolean allowed = target.isEmpty() || within(target, origin.getPackageName())
                || ALLOWED.stream().anyMatch(prefix -> within(target, prefix));
            if (!allowed) {
              events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
            }
          }
        }
      })
      .because("a plugin is compiled against backplane-spi alone");

  private static boolean within(String pkg, String prefix) {
    return pkg.equals(prefix) || pkg.startsWith(prefix + ".");
  }
}
