package io.eventide.dispatcher;

import static org.awaitility.Awaitility.await;

import io.eventide.dispatcher.api.ClusterSettings;
import io.eventide.dispatcher.api.DispatcherConfig;
import io.eventide.dispatcher.api.EgressRecord;
import io.eventide.dispatcher.api.SourceSettings;
import io.eventide.store.Store;
import io.eventide.store.backends.Stores;
import io.eventide.store.keyspace.Keyspace;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Clustered dispatchers in this JVM on one embedded store, each with its own {@link TestWorker}:
 * they split the key groups through leases in the store as separate processes would. {@link #close}
 * stops them in reverse order, then the store.
 */
final class InProcessCluster implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(30);

  private final int keyGroups;
  private final Store store;
  private final List<AutoCloseable> started = new ArrayList<>();
  private final Map<Dispatcher, SimpleMeterRegistry> registries = new HashMap<>();

  InProcessCluster(Path dir, int keyGroups) {
    this.keyGroups = keyGroups;
    this.store = Stores.rocksdb(dir);
  }

  /** Starts dispatcher {@code node} over {@code worker}, with {@code sources} settings. */
  Dispatcher add(String node, TestWorker worker, Map<String, SourceSettings> sources) {
    started.add(worker);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Dispatcher dispatcher =
        new Dispatcher(
            // Two shards, as a dispatcher role runs: key groups of one process on two threads.
            DispatcherConfig.defaults(node).withKeyGroups(keyGroups).withShards(2),
            store,
            new Keyspace("test"),
            worker,
            registry);
    registries.put(dispatcher, registry);
    dispatcher.configureSources(sources);
    dispatcher.startClustered(
        new ClusterSettings(
            node,
            "127.0.0.1:0",
            keyGroups,
            Duration.ofSeconds(3),
            Duration.ofMillis(200),
            System::currentTimeMillis));
    started.add(dispatcher);
    return dispatcher;
  }

  /** Waits until {@code a} and {@code b} both hold groups and hold every one between them. */
  void awaitSplit(Dispatcher a, Dispatcher b) {
    await().atMost(WAIT).until(() -> held(a) > 0 && held(b) > 0 && held(a) + held(b) == keyGroups);
  }

  int held(Dispatcher dispatcher) {
    int held = 0;
    for (int kg = 0; kg < keyGroups; kg++) {
      held += dispatcher.parts().leases().holds(kg) ? 1 : 0;
    }
    return held;
  }

  long processed(Dispatcher dispatcher) {
    return (long) registries.get(dispatcher).get("eventide.messages.processed").counter().count();
  }

  /** The payloads of egress {@code name} as text, read through {@code via}. */
  static List<String> egress(Dispatcher via, String name) {
    List<String> out = new ArrayList<>();
    for (EgressRecord r : via.egress(name, 0, 10_000).records()) {
      out.add(new String(r.payload(), StandardCharsets.UTF_8));
    }
    return out;
  }

  @Override
  public void close() {
    try {
      for (int i = started.size() - 1; i >= 0; i--) {
        started.get(i).close();
      }
    } catch (Exception e) {
      throw new IllegalStateException("could not stop the cluster", e);
    } finally {
      store.close();
    }
  }
}
