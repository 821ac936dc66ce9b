package dev.backplane.adapters.cli;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.properties.CanBeAnnotated.Predicates.annotatedWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.backplane.spi.Experimental;
import dev.backplane.spi.Internal;
import dev.backplane.spi.Stable;
import java.util.List;

/**
 * The layers of Backplane, checked on the compiled classes of every module (the cli's test class
 * path sees them all): spi → JDK + Immutables; core → spi; machines → spi; adapters apart from
 * each other; nothing depends on the cli; no package cycles; the SPI and core mark their
 * stability, and core's {@link Internal} types are used by core alone (tests aside).
 */
@AnalyzeClasses(packages = "dev.backplane",
    importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.DoNotIncludeTestJars.class})
class ArchitectureTest {
  /** Other modules' test-jars (core's PlanInvariants) are test code too. */
  static final class DoNotIncludeTestJars implements ImportOption {
    @Override
    public boolean includes(com.tngtech.archunit.core.importer.Location location) {
      return !location.contains("-tests.jar");
    }
  }

  private static final String SPI = "dev.backplane.spi..";
  private static final String CORE = "dev.backplane.core..";
  private static final String MACHINES = "dev.backplane.machines..";
  private static final String CLI = "dev.backplane.adapters.cli..";

  /** Keeps the rules below from passing on an empty import. */
  @ArchTest
  static void everyLayerHasClasses(JavaClasses classes) {
    for (String layer : List.of(SPI, CORE, MACHINES, "dev.backplane.adapters.libvirtxml..",
        "dev.backplane.adapters.qemuargs..", "dev.backplane.adapters.diagram..",
        "dev.backplane.adapters.osinfo..", CLI)) {
      assertFalse(classes.that(resideInAPackage(layer)).isEmpty(), "no classes in " + layer);
    }
  }

  @ArchTest
  static final ArchRule spiDependsOnlyOnTheJdkAndImmutables = classes()
      .that().resideInAPackage(SPI)
      .should().onlyDependOnClassesThat().resideInAnyPackage(SPI, "java..", "org.immutables..")
      .because("plugin authors compile against the spi alone");

  @ArchTest
  static final ArchRule coreDependsOnlyOnSpiAndTheJdk = classes()
      .that().resideInAPackage(CORE)
      .should().onlyDependOnClassesThat().resideInAnyPackage(CORE, SPI, "java..")
      .because("core is the hexagon: adapters plug into its ports, not the other way round");

  @ArchTest
  static final ArchRule machinesDependOnlyOnSpi = classes()
      .that().resideInAPackage(MACHINES)
      .should().onlyDependOnClassesThat()
      .resideInAnyPackage(MACHINES, SPI, "java..", "com.google.auto.service..")
      .because("a machine plugin is written against the spi, like a third-party one");

  @ArchTest
  static final ArchRule adaptersDoNotDependOnEachOther = slices()
      .matching("dev.backplane.adapters.(*)..")
      .should().notDependOnEachOther()
      .ignoreDependency(resideInAPackage(CLI), alwaysTrue())
      .because("only the cli assembles adapters");

  @ArchTest
  static final ArchRule nothingDependsOnTheCli = noClasses()
      .that().resideOutsideOfPackage(CLI)
      .should().dependOnClassesThat().resideInAPackage(CLI)
      .because("the cli is the outermost edge");

  @ArchTest
  static final ArchRule packagesAreFreeOfCycles = slices()
      .matching("dev.backplane.(**)")
      .should().beFreeOfCycles();

  @ArchTest
  static final ArchRule spiTypesDeclareTheirStability = classes()
      .that().resideInAnyPackage("dev.backplane.spi", "dev.backplane.spi.support")
      .and().arePublic()
      .and().areTopLevelClasses()
      .and().haveSimpleNameNotStartingWith("Immutable")
      .should().beAnnotatedWith(Stable.class)
      .orShould().beAnnotatedWith(Experimental.class)
      .because("plugin authors need to know what is covered by compatibility "
          + "(the machine-table route in dev.backplane.spi.support is)");

  @ArchTest
  static final ArchRule coreTypesDeclareTheirStability = classes()
      .that().resideInAPackage(CORE)
      .and().arePublic()
      .and().areTopLevelClasses()
      .should().beAnnotatedWith(Stable.class)
      .orShould().beAnnotatedWith(Experimental.class)
      .orShould().beAnnotatedWith(Internal.class)
      .because("an embedder needs to know what is API: @Stable and @Experimental are, "
          + "@Internal is public for Backplane's own modules only");

  @ArchTest
  static final ArchRule coreInternalsAreUsedByCoreAlone = noClasses()
      .that().resideOutsideOfPackage(CORE)
      .should().dependOnClassesThat(resideInAPackage(CORE).and(annotatedWith(Internal.class)))
      .because("@Internal types may change in any release (tests are not checked here)");

  /** Keeps the rule above from passing with nothing marked. */
  @ArchTest
  static void coreMarksSomeTypesInternal(JavaClasses classes) {
    assertFalse(classes.that(resideInAPackage(CORE).and(annotatedWith(Internal.class))).isEmpty(),
        "no @Internal type in " + CORE);
  }
}
