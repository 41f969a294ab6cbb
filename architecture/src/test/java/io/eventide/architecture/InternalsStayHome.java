package io.eventide.architecture;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.function.Function;

/**
 * A class may use an {@code internal} package only of its own module. Other modules get the public
 * packages (and the {@code testing} fixtures of test jars), so an internal type can change without
 * a change anywhere else.
 *
 * <p>{@link ArchitectureTest} holds every class of the main and test code to it.
 */
final class InternalsStayHome extends ArchCondition<JavaClass> {
  private final Function<JavaClass, String> moduleOf;

  InternalsStayHome(Function<JavaClass, String> moduleOf) {
    super("use only their own module's internal packages");
    this.moduleOf = moduleOf;
  }

  static boolean internal(String packageName) {
    return packageName.endsWith(".internal") || packageName.contains(".internal.");
  }

  @Override
  public void check(JavaClass origin, ConditionEvents events) {
    for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
      JavaClass target = dependency.getTargetClass();
      if (!target.getName().startsWith("io.eventide.")
          || !internal(target.getPackageName())
          || target.getSource().isEmpty()) {
        continue;
      }
      String from = moduleOf.apply(origin);
      String to = moduleOf.apply(target);
      if (!from.equals(to)) {
        events.add(
            SimpleConditionEvent.violated(
                dependency,
                "module "
                    + from
                    + " reaches into module "
                    + to
                    + "'s internals: "
                    + dependency.getDescription()));
      }
    }
  }
}
