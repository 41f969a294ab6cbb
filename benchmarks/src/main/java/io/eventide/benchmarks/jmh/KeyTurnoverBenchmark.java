package io.eventide.benchmarks.jmh;

import io.eventide.dispatcher.testing.KeyTurnoverFixture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A shard's tables per address at 10,000 and at 1,000,000 keys (issue 23): one operation is one
 * batch of 10,000 counter events round robin over the keys, each event's target interned, the
 * batch's state loaded through the 200,000-entry state cache and its new counts applied to it, as
 * {@link KeyTurnoverFixture} describes. The store is left out (a view that answers at once), so
 * this measures the look-ups the shard does per event, which at a million keys all miss.
 *
 * <pre>
 * benchmarks/jmh.sh KeyTurnover -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
// The node's heap and collector.
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx1g", "-XX:+UseParallelGC"})
public class KeyTurnoverBenchmark {
  @Param({"10000", "1000000"})
  public int keys;

  private KeyTurnoverFixture fixture;

  @Setup
  public void setUp() {
    fixture = new KeyTurnoverFixture(keys, 10_000, 200_000);
  }

  @Benchmark
  public int batch() {
    return fixture.batch();
  }
}
