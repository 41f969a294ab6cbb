package io.eventide.worker;

import io.eventide.catalog.PatternCatalog;
import io.eventide.sdk.FunctionSpec;
import io.eventide.sdk.ValueSpec;
import io.eventide.sdk.cep.JsonPattern;
import io.eventide.sdk.cep.JsonPatternVersions;
import io.eventide.sdk.cep.MalformedPatternException;
import io.eventide.worker.api.FunctionLookup;
import io.eventide.worker.api.RegisteredFunction;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's function types: those its deployments serve, then the input types of the JSON patterns
 * in the {@link PatternCatalog}, each run by the versioned pattern operator over every kept version
 * of its pattern. Deployments win where both views claim a type (the catalogs never let both claim
 * one at once; a view may lag behind a delete for up to its age). The catalog is read again when
 * the view is older than {@code maxAgeMillis} (so a pattern put through any gateway is followed
 * within that time) or at once after {@link #invalidate()} (a gateway in this process calls it
 * after each change, so that its changes hold for the very next invocation). Each version is parsed
 * and compiled once.
 *
 * <pre>{@code
 * PatternFunctions lookup = new PatternFunctions(deployments, patterns, 500, System::nanoTime);
 * FunctionRuntimeService runtime = new FunctionRuntimeService(lookup, config, meters);
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe: lookups read an immutable view behind a volatile field; a stale view is replaced by
 * one caller while the others keep using it.
 */
public final class PatternFunctions implements FunctionLookup {
  private static final Logger LOG = LoggerFactory.getLogger(PatternFunctions.class);

  private record View(Map<String, RegisteredFunction> byType, long takenAtNanos) {}

  private record VersionKey(String name, int version) {}

  /** A pattern's registration and the versions it was built from. */
  private record Built(List<Integer> versions, RegisteredFunction function) {}

  private final FunctionLookup deployments;
  private final PatternCatalog catalog;
  private final long maxAgeNanos;
  private final LongSupplier nanoClock;
  private final Map<VersionKey, JsonPattern> parsed = new ConcurrentHashMap<>();
  private final Set<VersionKey> unparsable = ConcurrentHashMap.newKeySet();
  private final Map<String, Built> built = new ConcurrentHashMap<>();
  private final Object refreshing = new Object();
  private volatile View view;
  private volatile boolean invalid = true;

  public PatternFunctions(
      FunctionLookup deployments,
      PatternCatalog catalog,
      long maxAgeMillis,
      LongSupplier nanoClock) {
    this.deployments = deployments;
    this.catalog = catalog;
    this.maxAgeNanos = maxAgeMillis * 1_000_000L;
    this.nanoClock = nanoClock;
    this.view = new View(Map.of(), nanoClock.getAsLong());
  }

  /**
   * Both views as they are first, and only then the deployments' miss path, which may wait for a
   * catalog read or a jar being loaded: a pattern type must not wait on the deployments' refresh
   * every batch.
   */
  @Override
  public Optional<RegisteredFunction> function(String namespace, String type) {
    Optional<RegisteredFunction> deployed = deployments.known(namespace, type);
    if (deployed.isPresent()) {
      return deployed;
    }
    RegisteredFunction pattern = current().byType().get(namespace + "/" + type);
    if (pattern != null) {
      return Optional.of(pattern);
    }
    return deployments.function(namespace, type);
  }

  @Override
  public Optional<RegisteredFunction> known(String namespace, String type) {
    Optional<RegisteredFunction> deployed = deployments.known(namespace, type);
    return deployed.isPresent()
        ? deployed
        : Optional.ofNullable(view.byType().get(namespace + "/" + type));
  }

  /** {@code namespace/type} of every input type a pattern runs over now. */
  public Set<String> patternTypes() {
    return current().byType().keySet();
  }

  /** Makes the next lookup read the catalog again. */
  public void invalidate() {
    invalid = true;
  }

  private View current() {
    View seen = view;
    if (!invalid && nanoClock.getAsLong() - seen.takenAtNanos() < maxAgeNanos) {
      return seen;
    }
    synchronized (refreshing) {
      if (view != seen) {
        return view; // another caller refreshed meanwhile
      }
      invalid = false;
      try {
        view = read();
      } catch (RuntimeException e) {
        // The store is away or busy: serve what was read last, and try again after maxAge.
        LOG.warn("cannot read the patterns, serving the last ones read: {}", e.getMessage());
        view = new View(seen.byType(), nanoClock.getAsLong());
      }
      return view;
    }
  }

  private View read() {
    long now = nanoClock.getAsLong();
    Map<String, RegisteredFunction> byType = new HashMap<>();
    Map<String, List<PatternCatalog.Stored>> all = catalog.all();
    Set<String> names = all.keySet();
    for (Map.Entry<String, List<PatternCatalog.Stored>> entry : all.entrySet()) {
      Map<Integer, JsonPattern> versions = new TreeMap<>();
      for (PatternCatalog.Stored stored : entry.getValue()) {
        JsonPattern pattern = parse(stored);
        if (pattern != null) {
          versions.put(stored.version(), pattern);
        }
      }
      if (versions.isEmpty()) {
        continue;
      }
      List<Integer> numbers = List.copyOf(versions.keySet());
      Built known = built.get(entry.getKey());
      if (known == null || !known.versions().equals(numbers)) {
        // Rebuilt only when the versions change: the registration stays the same object meanwhile.
        try {
          known = new Built(numbers, register(entry.getKey(), versions));
          built.put(entry.getKey(), known);
        } catch (IllegalArgumentException e) {
          LOG.error("cannot serve pattern {}: {}", entry.getKey(), e.getMessage());
          continue;
        }
      }
      byType.put(known.function().type().toString(), known.function());
    }
    built.keySet().retainAll(names);
    parsed.keySet().removeIf(key -> !names.contains(key.name()));
    unparsable.removeIf(key -> !names.contains(key.name()));
    return new View(Map.copyOf(byType), now);
  }

  private static RegisteredFunction register(String name, Map<Integer, JsonPattern> versions) {
    FunctionSpec spec = JsonPatternVersions.of(name, versions).functionSpec();
    Map<String, ValueSpec<?>> state = new HashMap<>();
    spec.valueSpecs().forEach(value -> state.put(value.name(), value));
    return new RegisteredFunction(
        spec.type(),
        spec.supplier(),
        state,
        PatternFunctions.class.getClassLoader(),
        "pattern:" + name);
  }

  /** Parses a stored version once; one that no longer parses is logged once and left out. */
  private JsonPattern parse(PatternCatalog.Stored stored) {
    VersionKey key = new VersionKey(stored.name(), stored.version());
    JsonPattern known = parsed.get(key);
    if (known != null || unparsable.contains(key)) {
      return known;
    }
    try {
      JsonPattern pattern = JsonPattern.parse(stored.body());
      parsed.put(key, pattern);
      return pattern;
    } catch (MalformedPatternException e) {
      unparsable.add(key);
      LOG.error(
          "stored pattern {} version {} no longer parses, skipping it: {}",
          stored.name(),
          stored.version(),
          e.getMessage());
      return null;
    }
  }
}
