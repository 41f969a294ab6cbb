package io.eventide.benchmarks.jmh;

import io.eventide.dispatcher.testing.BatchingFixture;
import io.eventide.protocol.InvocationBatch;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A shard's batching, between loading its inboxes and invoking the workers: {@code messages}
 * NDJSON-ingested counter events over {@code keys} addresses, queued in the inboxes of the key
 * groups they hash to, are taken into one batch grouped by address in inbox order (each judged
 * against its key group's clock, blocked addresses checked) with the addresses' state attached from
 * a warm state cache ({@code collect}), and the invocation request is built from that batch ({@code
 * request}). 4,000 messages is a full batch (the default {@code maxBatchMessages}).
 *
 * <p>The set-up is the dispatcher's {@link BatchingFixture}, from its test jar: the shard's types
 * are internal to the dispatcher. The store is a real embedded one in a temporary directory.
 *
 * <pre>
 * benchmarks/jmh.sh Batching
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
// The node's heap and collector: with the JVM's default (G1, a quarter of the machine's memory)
// the larger batches swung tenfold between iterations.
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx1g", "-XX:+UseParallelGC"})
public class BatchingBenchmark {
  @Param({"100", "1000", "4000"})
  public int messages;

  /** 10: many messages per address (hot keys); 10,000: about one each (as the memory run). */
  @Param({"10", "10000"})
  public int keys;

  private BatchingFixture fixture;

  @Setup(Level.Trial)
  public void queue() {
    fixture = new BatchingFixture(messages, keys);
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    fixture.close();
  }

  @Benchmark
  public int collect() {
    return fixture.collect();
  }

  @Benchmark
  public InvocationBatch request() {
    return fixture.request();
  }
}
