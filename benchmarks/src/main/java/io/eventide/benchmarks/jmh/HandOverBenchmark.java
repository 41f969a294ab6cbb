package io.eventide.benchmarks.jmh;

import io.eventide.dispatcher.testing.HandOverFixture;
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
 * The shard's time to forget 128 key groups that changed hands, with {@code cached} addresses of
 * its other groups in its state cache (issue 20, failover): one pass over the cache per group, as
 * takeovers and hand-overs did, against one pass for all of them. The shard's thread serves none of
 * its groups meanwhile.
 *
 * <pre>
 * benchmarks/jmh.sh HandOver
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
// The node's heap and collector.
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx1g", "-XX:+UseParallelGC"})
public class HandOverBenchmark {
  @Param({"10000", "200000"})
  public int cached;

  private HandOverFixture fixture;

  @Setup
  public void setUp() {
    fixture = new HandOverFixture(cached);
  }

  @Benchmark
  public int oneAtATime() {
    return fixture.dropOneAtATime();
  }

  @Benchmark
  public int together() {
    return fixture.dropTogether();
  }
}
