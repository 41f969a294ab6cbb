package io.eventide.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.sdk.Types;
import io.eventide.worker.testing.JarBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeploymentClassLoaderTest {
  private static final String ENGINES = "META-INF/services/org.junit.platform.engine.TestEngine";

  @TempDir Path dir;

  private DeploymentClassLoader loader(byte[] jar) throws Exception {
    Path file = Files.write(dir.resolve("d.jar"), jar);
    return new DeploymentClassLoader(file.toUri().toURL(), getClass().getClassLoader(), "d-test");
  }

  @Test
  void prefersTheJarsClassesOverTheWorkers() throws Exception {
    // A class of the same name as one on the worker's class path, e.g. a bundled library version.
    byte[] jar =
        JarBuilder.in(dir)
            .source(
                "io.eventide.worker.testing.TestJars",
                "package io.eventide.worker.testing; public class TestJars {}")
            .build();

    try (DeploymentClassLoader loader = loader(jar)) {
      Class<?> own = loader.loadClass("io.eventide.worker.testing.TestJars");

      assertThat(own.getClassLoader()).isSameAs(loader);
      assertThat(own).isNotSameAs(io.eventide.worker.testing.TestJars.class);
    }
  }

  @Test
  void sharesTheSdkWithTheWorkerEvenWhenTheJarBundlesACopy() throws Exception {
    byte[] jar =
        JarBuilder.in(dir)
            .source(
                "io.eventide.sdk.Types",
                "package io.eventide.sdk; public class Types { public static int copy; }")
            .build();

    try (DeploymentClassLoader loader = loader(jar)) {
      assertThat(loader.loadClass("io.eventide.sdk.Types")).isSameAs(Types.class);
      assertThat(loader.loadClass("org.slf4j.Logger")).isSameAs(org.slf4j.Logger.class);
    }
  }

  @Test
  void fallsBackToTheWorkerForClassesTheJarLacks() throws Exception {
    byte[] jar = JarBuilder.in(dir).source("acme.A", "package acme; public class A {}").build();

    try (DeploymentClassLoader loader = loader(jar)) {
      assertThat(loader.loadClass("io.eventide.worker.testing.JarBuilder"))
          .isSameAs(JarBuilder.class);
    }
  }

  @Test
  void readsServiceFilesOnlyFromTheJar() throws Exception {
    byte[] jar = JarBuilder.in(dir).source("acme.A", "package acme; public class A {}").build();

    try (DeploymentClassLoader loader = loader(jar)) {
      assertThat(Collections.list(getClass().getClassLoader().getResources(ENGINES))).isNotEmpty();
      assertThat(Collections.list(loader.getResources(ENGINES))).isEmpty();
      assertThat(loader.getResource(ENGINES)).isNull();
    }
  }
}
