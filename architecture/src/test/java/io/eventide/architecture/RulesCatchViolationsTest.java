package io.eventide.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rules of {@link ArchitectureTest} fail on the fixtures that break them on purpose: a class of
 * this module using the dispatcher's internal {@code Ids}, and two packages using each other.
 */
class RulesCatchViolationsTest {
  private static final Path ROOT = Modules.repository();
  private static final Path FIXTURES = ROOT.resolve(Modules.SELF).resolve("target/test-classes");

  @Test
  void anImportOfAnotherModulesInternalsFails() {
    Modules modules =
        new Modules(ROOT, List.of(ROOT.resolve("dispatcher/target/classes")), List.of(FIXTURES));
    JavaClasses classes = modules.mainAndTests();

    EvaluationResult result = ArchitectureTest.internalsRule(modules).evaluate(classes);

    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails())
        .singleElement()
        .asString()
        .contains("module architecture reaches into module dispatcher's internals")
        .contains("ReachesIn.messageId()")
        .contains("io.eventide.dispatcher.internal.routing.Ids.newMessageId()");
  }

  @Test
  void theDispatchersOwnUseOfItsInternalsPasses() {
    Modules modules =
        new Modules(ROOT, List.of(ROOT.resolve("dispatcher/target/classes")), List.of());

    assertThat(ArchitectureTest.internalsRule(modules).evaluate(modules.main()).hasViolation())
        .isFalse();
  }

  @Test
  void twoPackagesUsingEachOtherFail() {
    JavaClasses classes =
        new ClassFileImporter().importPackages("io.eventide.architecture.fixture.cycle");

    EvaluationResult result = ArchitectureTest.cyclesRule().evaluate(classes);

    assertThat(result.hasViolation()).isTrue();
    assertThat(String.join("\n", result.getFailureReport().getDetails()))
        .contains("fixture.cycle.a")
        .contains("fixture.cycle.b");
  }
}
