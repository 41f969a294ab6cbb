package io.eventide.worker.internal;

import io.eventide.protocol.Registrations;
import io.eventide.sdk.SourceSpec;
import io.eventide.sdk.TypeName;
import io.eventide.worker.api.RegisteredFunction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A jar loaded into its own {@link DeploymentClassLoader}, with the function types and ingress
 * source settings its modules registered. Closing it closes the class loader and deletes the jar's
 * scratch file; classes already loaded keep working, so invocations still running finish, but they
 * cannot load new classes.
 *
 * <h2>Thread safety</h2>
 *
 * Immutable apart from {@link #close}.
 */
public final class LoadedJar implements AutoCloseable {
  private final DeploymentClassLoader loader;
  private final Path file;
  private final Map<TypeName, RegisteredFunction> functions;
  private final List<SourceSpec> sources;

  LoadedJar(
      DeploymentClassLoader loader,
      Path file,
      Map<TypeName, RegisteredFunction> functions,
      List<SourceSpec> sources) {
    this.loader = loader;
    this.file = file;
    this.functions = Map.copyOf(functions);
    this.sources = List.copyOf(sources);
  }

  public Map<TypeName, RegisteredFunction> functions() {
    return functions;
  }

  /** The ingress source settings the modules registered, one per source name. */
  public List<SourceSpec> sources() {
    return sources;
  }

  /** What the modules registered, as the deployment catalog records it. */
  public Registrations registrations() {
    return Registrations.newBuilder()
        .addAllFunctions(functions.keySet().stream().map(Object::toString).sorted().toList())
        .addAllSources(sources.stream().map(Protos::source).toList())
        .build();
  }

  public ClassLoader classLoader() {
    return loader;
  }

  @Override
  public void close() {
    try {
      loader.close();
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release the jar " + file, e);
    }
  }
}
