package io.eventide.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering every module keeps, checked on the compiled classes of the whole repository: modules
 * use each other only through public packages, and packages form no cycle. {@link
 * RulesCatchViolationsTest} shows that each rule fails when it should.
 */
class ArchitectureTest {
  private static Modules modules;

  @BeforeAll
  static void importModules() {
    modules = Modules.of(Modules.repository());
  }

  @Test
  void noModuleReachesIntoAnotherModulesInternals() {
    internalsRule(modules).check(modules.mainAndTests());
  }

  @Test
  void packagesDependOnEachOtherWithoutCycles() {
    cyclesRule().check(modules.main());
  }

  static ArchRule internalsRule(Modules modules) {
    return classes()
        .that()
        .resideInAPackage("io.eventide..")
        .should(new InternalsStayHome(modules::moduleOf))
        .because("a module's internal packages can change without notice to the others");
  }

  /** One slice per package: each depends only on packages that do not depend back on it. */
  static ArchRule cyclesRule() {
    return slices()
        .matching("io.eventide.(**)")
        .should()
        .beFreeOfCycles()
        .because("a package can then be read, tested and changed from its dependencies up");
  }
}
