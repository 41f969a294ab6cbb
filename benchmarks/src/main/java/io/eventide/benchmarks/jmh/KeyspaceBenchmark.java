package io.eventide.benchmarks.jmh;

import io.eventide.store.KeyValue;
import io.eventide.store.keyspace.Keyspace;
import io.eventide.store.keyspace.LargeValues;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * a state value's key, and reading a value's name back out of a key; and an address's values read
 * back by name from its rows (every state load of an uncached address), against the same through
 * the tuple layer's decoding of every key (what {@code Keyspace.stateValues} did before).
 *
 * <pre>
 * benchmarks/jmh.sh Keyspace -prof gc
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
  private final byte[] statePrefix = keyspace.stateOf("example", "counter", "user-4711");
  private final List<KeyValue> stateRows =
      List.of(
          new KeyValue(stateKey, new byte[8]),
          new KeyValue(keyspace.state("example", "counter", "user-4711", "last"), new byte[8]));

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

  @Benchmark
  public Map<String, byte[]> stateValues() {
    return keyspace.stateValues(statePrefix, stateRows);
  }

  @Benchmark
  public Map<String, byte[]> stateValuesThroughTheTupleLayer() {
    Map<String, byte[]> values = new HashMap<>(Math.max(4, stateRows.size() * 2));
    for (LargeValues.Value value :
        LargeValues.assemble(stateRows, key -> keyspace.unpack(key).size() == 5, false)) {
      values.put(keyspace.unpack(value.key()).getString(4), value.value());
    }
    return values;
  }
}
