package io.eventide.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.dispatcher.api.CallReply;
import io.eventide.dispatcher.api.DispatcherConfig;
import io.eventide.sdk.Types;
import io.eventide.sdk.ValueSpec;
import io.eventide.store.ForwardingStore;
import io.eventide.store.Store;
import io.eventide.store.Transaction;
import io.eventide.store.backends.Stores;
import io.eventide.store.keyspace.Keyspace;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls handed to their shard in memory cost the store only their batch's commit. On a remote store
 * an eagerly begun transaction is a blocking {@code Begin} round trip on the shard's thread and a
 * {@code Release} after it, so the shard must begin lazily whatever it may not read.
 */
class HandedOverCallsIT {
  static final ValueSpec<Long> COUNT = ValueSpec.named("count").withType(Types.LONG);

  @TempDir Path dir;

  @Test
  void aShardTakingHandedOverCallsBeginsNoTransactionEagerly() {
    TestWorker worker =
        new TestWorker()
            .register(
                "t/counter",
                (ctx, msg) -> {
                  long count = ctx.storage().get(COUNT).orElse(0L) + msg.as(Types.LONG);
                  ctx.storage().set(COUNT, count);
                  ctx.reply(Types.LONG, count);
                },
                COUNT);
    try (CountingStore store = new CountingStore(Stores.rocksdb(dir));
        Dispatcher dispatcher =
            new Dispatcher(
                DispatcherConfig.defaults("test").withKeyGroups(16),
                store,
                new Keyspace("test"),
                worker,
                new SimpleMeterRegistry())) {
      dispatcher.start();
      call(dispatcher, "warm"); // the shards are running and the type is known: calls go in memory
      int before = store.eagerOnShards.get();

      for (int i = 0; i < 50; i++) {
        call(dispatcher, "c" + i % 5);
      }

      assertThat(call(dispatcher, "c0")).isEqualTo("11"); // ten before it, each applied once
      assertThat(store.eagerOnShards.get() - before).isZero();
    } finally {
      worker.close();
    }
  }

  private static String call(Dispatcher dispatcher, String id) {
    CallReply reply =
        dispatcher
            .callAsync(DispatcherIT.msg("counter", id, "1", null), Duration.ofSeconds(10))
            .join();
    return new String(reply.payload(), StandardCharsets.UTF_8);
  }

  /** The embedded store, counting the transactions shard threads begin eagerly. */
  private static final class CountingStore extends ForwardingStore {
    final AtomicInteger eagerOnShards = new AtomicInteger();

    CountingStore(Store store) {
      super(store);
    }

    @Override
    public Transaction begin() {
      if (Thread.currentThread().getName().startsWith("eventide-shard")) {
        eagerOnShards.incrementAndGet();
      }
      return delegate.begin();
    }
  }
}
