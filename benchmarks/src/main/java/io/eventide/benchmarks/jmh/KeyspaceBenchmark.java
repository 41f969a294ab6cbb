package io.eventide.benchmarks.jmh;

import io.eventide.store.keyspace.Keyspace;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The keyspace's tuple encoding on the hot path: the state prefix of an address (every state load),
 * a state value's key, and reading a value's name back out of a key.
 *
 * <pre>
 * benchmarks/jmh.sh Keyspace
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class KeyspaceBenchmark {
  private final Keyspace keyspace = new Keyspace("standalone");
  private final byte[] stateKey = keyspace.state("example", "counter", "user-4711", "count");

  @Benchmark
  public byte[] statePrefix() {
    return keyspace.stateOf("example", "counter", "user-4711");
  }

  @Benchmark
  public byte[] stateKey() {
    return keyspace.state("example", "counter", "user-4711", "count");
  }

  @Benchmark
  public String valueNameOfAKey() {
    return keyspace.unpack(stateKey).getString(4);
  }
}
