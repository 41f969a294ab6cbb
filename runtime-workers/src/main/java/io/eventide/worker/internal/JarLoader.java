package io.eventide.worker.internal;

import io.eventide.catalog.DeploymentException;
import io.eventide.catalog.DeploymentException.Code;
import io.eventide.catalog.JarFormat;
import io.eventide.sdk.FunctionModule;
import io.eventide.sdk.SourceSpec;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.TypeName;
import io.eventide.worker.api.RegisteredFunction;
import io.eventide.worker.api.WorkerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Validates a function jar and loads it into an isolated {@link DeploymentClassLoader}: finds its
 * {@link FunctionModule}s with {@link ServiceLoader}, runs their {@code configure} (which registers
 * function types and ingress source settings), and creates one instance of every registered
 * function to prove its classes link. Every way a jar can be broken ends in a {@link
 * DeploymentException} with code {@code INVALID_JAR} (or {@code TOO_LARGE}) and a message that
 * names the problem; {@link JarBounds} refuses zip bombs before any class is loaded.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe; each call loads its own jar.
 */
public final class JarLoader {
  static final String SERVICE_FILE = "META-INF/services/" + FunctionModule.class.getName();

  private final WorkerConfig config;

  public JarLoader(WorkerConfig config) {
    this.config = config;
  }

  /** Checks the jar's size and that it starts as a zip, before it is written anywhere. */
  public void validate(byte[] jar) {
    if (jar.length > config.maxJarBytes()) {
      throw new DeploymentException(
          Code.TOO_LARGE,
          "jar of "
              + jar.length
              + " bytes exceeds the limit of "
              + config.maxJarBytes()
              + " bytes");
    }
    JarFormat.requireZip(jar);
  }

  /** Validates and loads a jar; the caller owns (and must close) the result. */
  public LoadedJar load(String deploymentId, byte[] jar) {
    validate(jar);
    Path file = write(deploymentId, jar);
    try {
      JarBounds.check(file);
    } catch (DeploymentException e) {
      deleteQuietly(file, e);
      throw e;
    }
    DeploymentClassLoader loader;
    try {
      loader =
          new DeploymentClassLoader(
              file.toUri().toURL(), FunctionModule.class.getClassLoader(), deploymentId);
    } catch (IOException e) {
      deleteQuietly(file, e);
      throw new UncheckedIOException("cannot open the jar " + file, e);
    }
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      Configured configured = configure(loader, deploymentId);
      return new LoadedJar(loader, file, configured.functions(), configured.sources());
    } catch (RuntimeException | LinkageError | ServiceConfigurationError e) {
      new LoadedJar(loader, file, Map.of(), List.of()).close();
      throw e instanceof DeploymentException d ? d : invalid(e);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /** What a jar's modules registered, checked. */
  private record Configured(
      Map<TypeName, RegisteredFunction> functions, List<SourceSpec> sources) {}

  private static Configured configure(ClassLoader loader, String deploymentId) {
    List<FunctionModule> modules = new ArrayList<>();
    ServiceLoader.load(FunctionModule.class, loader).forEach(modules::add);
    if (modules.isEmpty()) {
      throw new DeploymentException(
          Code.INVALID_JAR,
          "no FunctionModule found: list your module's class name in " + SERVICE_FILE);
    }
    RecordingRegistry registry = new RecordingRegistry(loader, deploymentId);
    for (FunctionModule module : modules) {
      module.configure(registry);
    }
    Map<TypeName, RegisteredFunction> functions = registry.functions();
    if (functions.isEmpty()) {
      throw new DeploymentException(
          Code.INVALID_JAR, "the jar's modules register no function type");
    }
    for (RegisteredFunction function : functions.values()) {
      StatefulFunction instance = function.factory().get();
      if (instance == null) {
        throw new DeploymentException(
            Code.INVALID_JAR, "the factory of " + function.type() + " returned null");
      }
    }
    return new Configured(functions, registry.sources());
  }

  /** Names the missing class when there is one: that is what the author has to fix. */
  static DeploymentException invalid(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof NoClassDefFoundError || cause instanceof ClassNotFoundException) {
        String missing = String.valueOf(cause.getMessage()).replace('/', '.');
        return new DeploymentException(
            Code.INVALID_JAR,
            "class "
                + missing
                + " is missing: the jar must contain it or its library ("
                + describe(e)
                + ")",
            e);
      }
    }
    if (e instanceof ServiceConfigurationError) {
      return new DeploymentException(
          Code.INVALID_JAR, "bad " + SERVICE_FILE + ": " + describe(e), e);
    }
    return new DeploymentException(
        Code.INVALID_JAR, "loading the jar's modules failed: " + describe(e), e);
  }

  private static String describe(Throwable e) {
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  private Path write(String deploymentId, byte[] jar) {
    try {
      Files.createDirectories(config.scratchDir());
      Path file = Files.createTempFile(config.scratchDir(), deploymentId + "-", ".jar");
      Files.write(file, jar);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the jar to " + config.scratchDir(), e);
    }
  }

  private static void deleteQuietly(Path file, Exception reason) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      reason.addSuppressed(e);
    }
  }
}
