package io.eventide.benchmarks.jmh;

import io.eventide.dispatcher.api.CallReply;
import io.eventide.dispatcher.internal.commit.PendingCalls;
import io.eventide.store.Store;
import io.eventide.store.Transaction;
import io.eventide.store.backends.Stores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * From a call's durable commit to its waiting caller, the last steps of {@code /v1/call}: one
 * durable commit of the embedded store (RocksDB with fsync, in a temporary directory), then the
 * caller's {@link PendingCalls} future completed
 *
 * <ul>
 *   <li>{@code answerOnCompletingThread}: by the thread that completed the commit, as {@code
 *       CommitPipeline} does now ({@code BatchCommit#answer});
 *   <li>{@code answerThroughShardThread}: by another thread woken for it through a blocking queue,
 *       as when the shard answered after applying the batch to memory (one more hand-over);
 *   <li>{@code registerAndAnswer}: without the store, what answering one caller costs the thread
 *       that does it (register, complete, forget), with {@code -prof gc} its allocation.
 * </ul>
 *
 * <pre>
 * benchmarks/jmh.sh CommitReply -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx1g", "-XX:+UseParallelGC"})
public class CommitReplyBenchmark {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final CallReply REPLY = new CallReply(new byte[] {'4', '2'}, "application/json");

  private Path dir;
  private Store store;
  private final PendingCalls calls = new PendingCalls(1_000_000);
  private final AtomicLong ids = new AtomicLong();
  private final byte[] value = new byte[64];
  private final ArrayBlockingQueue<String> shardQueue = new ArrayBlockingQueue<>(1_024);
  private Thread shard;

  @Setup(Level.Trial)
  public void open() throws IOException {
    dir = Files.createTempDirectory("eventide-jmh-reply");
    store = Stores.rocksdb(dir);
    shard =
        new Thread(
            () -> {
              try {
                while (true) {
                  calls.complete(shardQueue.take(), REPLY);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "jmh-shard");
    shard.setDaemon(true);
    shard.start();
  }

  @TearDown(Level.Trial)
  public void close() throws IOException, InterruptedException {
    shard.interrupt();
    shard.join();
    store.close();
    TempDirs.delete(dir);
  }

  @Benchmark
  public CallReply answerOnCompletingThread() {
    String id = Long.toString(ids.incrementAndGet());
    CompletableFuture<CallReply> caller = calls.register(id, 0, TIMEOUT);
    commit(id).whenComplete((ok, error) -> calls.complete(id, REPLY));
    return caller.join();
  }

  @Benchmark
  public CallReply answerThroughShardThread() {
    String id = Long.toString(ids.incrementAndGet());
    CompletableFuture<CallReply> caller = calls.register(id, 0, TIMEOUT);
    commit(id).whenComplete((ok, error) -> shardQueue.add(id));
    return caller.join();
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public CallReply registerAndAnswer() {
    String id = Long.toString(ids.incrementAndGet());
    CompletableFuture<CallReply> caller = calls.register(id, 0, TIMEOUT);
    calls.complete(id, REPLY);
    return caller.join();
  }

  private CompletableFuture<?> commit(String id) {
    try (Transaction tx = store.begin()) {
      tx.set(("reply/" + id).getBytes(java.nio.charset.StandardCharsets.UTF_8), value);
      return tx.commitAsync();
    }
  }
}
