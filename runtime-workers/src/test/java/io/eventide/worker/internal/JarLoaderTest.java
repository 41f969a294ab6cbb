package io.eventide.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventide.catalog.DeploymentException;
import io.eventide.sdk.SourceSpec;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.TypeName;
import io.eventide.worker.api.RegisteredFunction;
import io.eventide.worker.api.WorkerConfig;
import io.eventide.worker.testing.JarBuilder;
import io.eventide.worker.testing.TestJars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarLoaderTest {
  @TempDir Path dir;

  private JarLoader loader(long maxJarBytes) {
    return new JarLoader(
        WorkerConfig.defaults()
            .withScratchDir(dir.resolve("scratch"))
            .withMaxJarBytes(maxJarBytes));
  }

  private JarLoader loader() {
    return loader(WorkerConfig.DEFAULT_MAX_JAR_BYTES);
  }

  @Test
  void loadsTheModulesOfAJarInItsOwnClassLoader() throws Exception {
    try (LoadedJar jar = loader().load("d-1", TestJars.counter(dir))) {
      RegisteredFunction counter = jar.functions().get(TypeName.of("acme", "counter"));

      assertThat(counter.specs()).containsOnlyKeys("count");
      StatefulFunction instance = counter.factory().get();
      assertThat(instance.getClass().getName()).isEqualTo("acme.Counter");
      assertThat(instance.getClass().getClassLoader())
          .isSameAs(jar.classLoader())
          .isInstanceOf(DeploymentClassLoader.class);
      assertThat(counter.deploymentId()).isEqualTo("d-1");
    }
    // The test's own class path never had the function's classes: that is what isolation needs.
    assertThatThrownBy(() -> Class.forName("acme.Counter"))
        .isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void closingReleasesTheScratchFile() {
    LoadedJar jar = loader().load("d-2", TestJars.counter(dir));
    jar.close();

    try (Stream<Path> files = Files.list(dir.resolve("scratch"))) {
      assertThat(files).isEmpty();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void rejectsRandomBytes() {
    byte[] noise = new byte[4096];
    new Random(7).nextBytes(noise);

    assertThatThrownBy(() -> loader().load("d", noise))
        .isInstanceOfSatisfying(
            DeploymentException.class,
            e -> assertThat(e.code()).isEqualTo(DeploymentException.Code.INVALID_JAR))
        .hasMessageContaining("not a jar");
  }

  @Test
  void rejectsATruncatedJar() {
    byte[] jar = TestJars.counter(dir);
    byte[] truncated = java.util.Arrays.copyOf(jar, jar.length / 2);

    assertThatThrownBy(() -> loader().load("d", truncated))
        .isInstanceOfSatisfying(
            DeploymentException.class,
            e -> assertThat(e.code()).isEqualTo(DeploymentException.Code.INVALID_JAR));
  }

  @Test
  void rejectsAJarOverTheLimit() {
    byte[] jar = TestJars.counter(dir);

    assertThatThrownBy(() -> loader(jar.length - 1).load("d", jar))
        .isInstanceOfSatisfying(
            DeploymentException.class,
            e -> assertThat(e.code()).isEqualTo(DeploymentException.Code.TOO_LARGE))
        .hasMessageContaining("exceeds the limit");
  }

  @Test
  void rejectsAJarWithoutModule() {
    byte[] jar = JarBuilder.in(dir).source("acme.Counter", TestJars.COUNTER).build();

    assertThatThrownBy(() -> loader().load("d", jar))
        .isInstanceOfSatisfying(
            DeploymentException.class,
            e -> assertThat(e.code()).isEqualTo(DeploymentException.Code.INVALID_JAR))
        .hasMessageContaining("META-INF/services/io.eventide.sdk.FunctionModule");
  }

  @Test
  void namesTheClassAModuleMisses() {
    byte[] jar = TestJars.missingHelper(dir);

    assertThatThrownBy(() -> loader().load("d", jar))
        .isInstanceOfSatisfying(
            DeploymentException.class,
            e -> assertThat(e.code()).isEqualTo(DeploymentException.Code.INVALID_JAR))
        .hasMessageContaining("acme.Helper is missing");
  }

  @Test
  void namesTheMissingClassOfAServiceEntry() {
    byte[] jar =
        JarBuilder.in(dir)
            .source("acme.Counter", TestJars.COUNTER)
            .module("acme.NoSuchModule")
            .build();

    assertThatThrownBy(() -> loader().load("d", jar))
        .isInstanceOfSatisfying(
            DeploymentException.class,
            e -> assertThat(e.code()).isEqualTo(DeploymentException.Code.INVALID_JAR))
        .hasMessageContaining("acme.NoSuchModule");
  }

  @Test
  void reportsAModuleThatThrowsInConfigure() {
    byte[] jar =
        JarBuilder.in(dir)
            .source(
                "acme.Module",
                """
            package acme;
            public class Module implements io.eventide.sdk.FunctionModule {
              public void configure(io.eventide.sdk.FunctionRegistry registry) {
                throw new IllegalArgumentException("no config for you");
              }
            }
            """)
            .module("acme.Module")
            .build();

    assertThatThrownBy(() -> loader().load("d", jar))
        .isInstanceOfSatisfying(
            DeploymentException.class,
            e -> assertThat(e.code()).isEqualTo(DeploymentException.Code.INVALID_JAR))
        .hasMessageContaining("no config for you");
  }

  @Test
  void sameClassNameInTwoJarsStaysApart() throws Exception {
    try (LoadedJar a = loader().load("a", TestJars.greeter(dir, "hello-a", "hello"));
        LoadedJar b = loader().load("b", TestJars.greeter(dir, "hello-b", "bonjour"))) {
      Class<?> greeterA =
          a.functions().get(TypeName.of("acme", "hello-a")).factory().get().getClass();
      Class<?> greeterB =
          b.functions().get(TypeName.of("acme", "hello-b")).factory().get().getClass();

      assertThat(greeterA.getName()).isEqualTo(greeterB.getName());
      assertThat(greeterA).isNotSameAs(greeterB);
      // Parent-first for the SDK: both see the worker's StatefulFunction.
      assertThat(StatefulFunction.class.isAssignableFrom(greeterA)).isTrue();
    }
  }

  @Test
  void recordsTheSourceSettingsOfTheModulesOncePerName() {
    try (LoadedJar jar = loader().load("d-clock", TestJars.clock(dir))) {
      assertThat(jar.sources())
          .containsExactly(
              SourceSpec.named("clicks")
                  .outOfOrderness(Duration.ofSeconds(2))
                  .idleTimeout(Duration.ofSeconds(30))
                  .build(),
              SourceSpec.named("ledger").explicitWatermarks().build());
      assertThat(jar.functions())
          .containsOnlyKeys(TypeName.of("acme", "alarm"), TypeName.of("acme", "hourly"));
    }
  }

  @Test
  void rejectsAModuleThatRegistersTwoDifferentSettingsForOneSource() {
    byte[] jar = TestJars.clicks(dir, "conflicted", 100, true);

    assertThatThrownBy(() -> loader().load("d", jar))
        .isInstanceOfSatisfying(
            DeploymentException.class,
            e -> assertThat(e.code()).isEqualTo(DeploymentException.Code.INVALID_JAR))
        .hasMessageContaining("source clicks is registered twice with different settings");
  }
}
