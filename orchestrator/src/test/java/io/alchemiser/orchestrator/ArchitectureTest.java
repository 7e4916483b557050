package io.alchemiser.orchestrator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which package may use which, checked on the compiled main code of every module (the plugins are
 * on this module's test class path): dependencies run one way, and no two packages need each other.
 * Maven keeps the plugins off each other's compile class path; these rules also hold inside a module.
 */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    // Main code only: no test classes, nor the shared module's test jar (its fakes).
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(location -> !location.contains("-tests.jar")).importPackages("io.alchemiser");
  }

  private static void check(ArchRule rule) {
    rule.check(classes);
  }

  @Test
  void theOrchestratorModulesPackagesDependOneWay() {
    check(layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("cli").definedBy("io.alchemiser.orchestrator.cli..")
        .layer("bench").definedBy("io.alchemiser.orchestrator.bench..")
        .layer("app").definedBy("io.alchemiser.orchestrator.app..")
        .layer("web").definedBy("io.alchemiser.orchestrator.web..")
        .layer("schedule").definedBy("io.alchemiser.orchestrator.schedule..")
        .layer("backtest").definedBy("io.alchemiser.orchestrator.backtest..")
        .layer("core").definedBy("io.alchemiser.orchestrator")
        .layer("claims").definedBy("io.alchemiser.orchestrator.claims..")
        .layer("journal").definedBy("io.alchemiser.orchestrator.journal..")
        .layer("tls").definedBy("io.alchemiser.orchestrator.tls..")
        .whereLayer("cli").mayNotBeAccessedByAnyLayer()
        .whereLayer("bench").mayOnlyBeAccessedByLayers("cli")
        .whereLayer("app").mayOnlyBeAccessedByLayers("cli", "bench")
        .whereLayer("web").mayOnlyBeAccessedByLayers("app")
        .whereLayer("schedule").mayOnlyBeAccessedByLayers("app", "cli")
        .whereLayer("backtest").mayOnlyBeAccessedByLayers("web", "cli", "bench")
        .whereLayer("core").mayOnlyBeAccessedByLayers("app", "cli", "bench")
        .whereLayer("claims").mayOnlyBeAccessedByLayers("core", "app")
        .whereLayer("journal").mayOnlyBeAccessedByLayers("core", "claims", "app", "cli")
        .whereLayer("tls").mayOnlyBeAccessedByLayers("app", "web", "cli", "bench"));
  }

  /** Reading files (syntax) knows nothing of compiling and evaluating (symphony), which knows nothing of workflows (the module). */
  @Test
  void theStrategyModulesPackagesDependOneWay() {
    check(layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("module").definedBy("io.alchemiser.strategy")
        .layer("symphony").definedBy("io.alchemiser.strategy.symphony")
        .layer("syntax").definedBy("io.alchemiser.strategy.symphony.syntax")
        .whereLayer("module").mayNotBeAccessedByAnyLayer()
        .whereLayer("symphony").mayOnlyBeAccessedByLayers("module")
        .whereLayer("syntax").mayOnlyBeAccessedByLayers("symphony", "module"));
  }

  @Test
  void exitCodesLiveOnlyInTheCommandLine() {
    check(noClasses().that().resideOutsideOfPackage("io.alchemiser.orchestrator.cli..")
        .should().dependOnClassesThat().haveFullyQualifiedName("io.alchemiser.orchestrator.cli.ExitCodes")
        .because("modules and services say what went wrong in their own terms; only the CLI turns that into exit statuses"));
  }

  @Test
  void noTwoPackagesNeedEachOther() {
    check(slices().matching("io.alchemiser.(**)").should().beFreeOfCycles());
  }

  @Test
  void sharedReachesNoModule() {
    check(noClasses().that().resideInAPackage("io.alchemiser.shared..")
        .should().dependOnClassesThat().resideInAnyPackage("io.alchemiser.orchestrator..", "io.alchemiser.strategy..",
            "io.alchemiser.portfolio..", "io.alchemiser.execution..", "io.alchemiser.notifications.."));
  }

  @Test
  void pluginsReachNeitherEachOtherNorTheOrchestrator() {
    String[] plugins = {"strategy", "portfolio", "execution", "notifications"};
    for (String plugin : plugins) {
      java.util.List<String> others = new java.util.ArrayList<>(java.util.List.of("io.alchemiser.orchestrator.."));
      for (String other : plugins) {
        if (!other.equals(plugin)) {
          others.add("io.alchemiser." + other + "..");
        }
      }
      check(noClasses().that().resideInAPackage("io.alchemiser." + plugin + "..")
          .should().dependOnClassesThat().resideInAnyPackage(others.toArray(String[]::new)));
    }
  }

  @Test
  void theOrchestratorReachesNoPlugin() {
    check(noClasses().that().resideInAPackage("io.alchemiser.orchestrator..")
        .should().dependOnClassesThat().resideInAnyPackage("io.alchemiser.strategy..", "io.alchemiser.portfolio..",
            "io.alchemiser.execution..", "io.alchemiser.notifications.."));
  }

  @Test
  void clusterMapsAreOpenedOnlyThroughTheirRegistry() {
    check(noClasses().that().doNotHaveFullyQualifiedName("io.alchemiser.shared.cluster.ClusterMap")
        .should().callMethod(io.vertx.core.shareddata.SharedData.class, "getAsyncMap", String.class)
        .orShould().callMethod(io.vertx.core.shareddata.SharedData.class, "getClusterWideMap", String.class)
        .because("a cluster manager makes the maps ClusterMap names as a node joins; one made on first use while "
            + "another node joins can fail that node's start"));
  }
}
