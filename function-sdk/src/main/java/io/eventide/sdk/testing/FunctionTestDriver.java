package io.eventide.sdk.testing;

import io.eventide.sdk.Address;
import io.eventide.sdk.FunctionModule;
import io.eventide.sdk.ListSpec;
import io.eventide.sdk.MapSpec;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.Type;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.ValueSpec;
import io.eventide.sdk.WindowedFunctionSpec;
import io.eventide.sdk.runtime.Expiring;
import io.eventide.sdk.runtime.HandlerScope;
import io.eventide.sdk.runtime.IncomingMessage;
import io.eventide.sdk.runtime.StoredCollections;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Runs functions synchronously and in memory with the platform's semantics, for unit tests: what
 * Kafka Streams' {@code TopologyTestDriver} is to a topology. No server, no store, one thread that
 * runs handler calls one at a time (so a call past its handler timeout fails as on the platform);
 * time moves only when the test moves it.
 *
 * <pre>{@code
 * FunctionTestDriver driver = FunctionTestDriver.of(new ShopModule());
 * Address alice = Address.of("shop", "counter", "alice");
 *
 * driver.send(alice, Types.LONG, 2L);
 * long total = driver.call(alice, Types.LONG, 3L, Types.LONG);        // 5
 *
 * assertThat(driver.state(alice, Counter.COUNT)).contains(5L);
 * assertThat(driver.egress("counts", Types.STRING)).endsWith("alice=5");
 *
 * driver.advanceProcessingTime(Duration.ofMinutes(1));   // due sendAfter messages, processing-time timers
 * driver.advanceWatermark(60_000);                       // fires event-time timers <= 60000
 * }</pre>
 *
 * <h2>Semantics</h2>
 *
 * <ul>
 *   <li>{@link #send} and {@link #call} deliver the message and then run to quiescence: every
 *       message functions send to each other is delivered before they return, in FIFO order, one
 *       message at a time. A message to an unregistered function type fails at once.
 *   <li>Every handler call gets a fresh instance from its factory, and its effects (state,
 *       messages, egress, reply, timers) are kept only if it returns normally. A call that throws
 *       is retried with the same state up to {@linkplain #withMaxAttempts max attempts} (default
 *       3); then a {@link DeadLetter} goes to the {@value #DEAD_LETTERS} egress and processing goes
 *       on.
 *   <li>Processing time starts at 0 and moves only with {@link #advanceProcessingTime}; a message
 *       sent with {@code sendAfter(delay, ...)} becomes due at the processing time of its sending
 *       plus {@code delay}. Due messages are delivered in due order, then FIFO; advancing steps the
 *       clock through each due time in turn, so a delayed message sent by a delayed message lands
 *       where it belongs. {@code context.currentProcessingTime()} answers this clock.
 *   <li>Event time: a message sent by the test has the given event time, or else the current
 *       processing time; a message sent by a function inherits the event time of the message being
 *       handled, unless it is sent with one ({@code send(target, type, value, eventTime)}). The
 *       watermark starts at {@link Long#MIN_VALUE} and moves only with {@link #advanceWatermark}.
 *   <li>Timers, as in Flink: an event-time timer fires once the watermark reaches its timestamp
 *       ({@code timestamp <= watermark}), in timestamp order; registering the same timestamp twice
 *       for one address fires once. A timer registered at or before the current watermark
 *       (including by a timer that is firing) fires at the next {@link #advanceWatermark}, which
 *       may repeat the current watermark.
 *   <li>Processing-time timers fire once the clock reaches their timestamp, interleaved with due
 *       messages: everything due is handled by due time, then in the order it was scheduled (sent
 *       or registered). A timer registered at or before the current processing time fires before
 *       the driver call that caused it returns; registering the same timestamp twice for one
 *       address fires once. Processing-time windows ({@code Windows.*ProcessingTime}) assign
 *       messages by this clock and fire by these timers.
 *   <li>Deleting a timer ({@code deleteEventTimeTimer}, {@code deleteProcessingTimeTimer}) or
 *       cancelling a delayed message ({@code cancelDelayed}) takes effect with the call's effects:
 *       the timer never fires, also when a timer firing at the same advance deletes it, and the
 *       message is never delivered. Deleting or cancelling what is unknown, has fired or was
 *       delivered does nothing.
 *   <li>{@link io.eventide.sdk.SourceSpec}s a module registers are checked (one spec per source
 *       name) and otherwise ignored: here the watermark moves only with {@link #advanceWatermark}.
 * </ul>
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe and not reentrant: use one driver from one test thread, never from a handler.
 */
public final class FunctionTestDriver {
  /** The egress that receives messages whose handler failed every attempt. */
  public static final String DEAD_LETTERS = "dead-letters";

  /** How many times a failing handler runs before its message is dead-lettered, by default. */
  public static final int DEFAULT_MAX_ATTEMPTS = 3;

  /** Deliveries per run after which the driver assumes functions are in a message loop. */
  public static final int MAX_DELIVERIES_PER_RUN = 100_000;

  private final TestRegistry registry = new TestRegistry();
  private final Processor processor;

  private FunctionTestDriver() {
    this.processor = new Processor(registry, DEFAULT_MAX_ATTEMPTS);
  }

  /** A driver with no function types; add them with {@link #register} or {@link #install}. */
  public static FunctionTestDriver create() {
    return new FunctionTestDriver();
  }

  /** A driver serving the function types of {@code modules}. */
  public static FunctionTestDriver of(FunctionModule... modules) {
    FunctionTestDriver driver = create();
    for (FunctionModule module : modules) {
      driver.install(module);
    }
    return driver;
  }

  /** Registers the function types of {@code module}; returns this driver. */
  public FunctionTestDriver install(FunctionModule module) {
    Objects.requireNonNull(module, "module").configure(registry);
    return this;
  }

  /**
   * Registers one function type as {@link io.eventide.sdk.FunctionRegistry#register} does; rejects
   * a type registered before and a state name listed twice. Returns this driver.
   */
  public FunctionTestDriver register(
      TypeName type, Supplier<? extends StatefulFunction> factory, ValueSpec<?>... state) {
    registry.register(type, factory, state);
    return this;
  }

  /**
   * Registers a function type with its settings ({@link io.eventide.sdk.FunctionSpec}) as {@link
   * io.eventide.sdk.FunctionRegistry#register(io.eventide.sdk.FunctionSpec)} does: its own handler
   * timeout holds here as on the platform. Returns this driver.
   *
   * <pre>{@code
   * driver.register(FunctionSpec.builder(type).withSupplier(Enricher::new)
   *     .withHandlerTimeout(Duration.ofSeconds(5)).build());
   * }</pre>
   */
  public FunctionTestDriver register(io.eventide.sdk.FunctionSpec spec) {
    registry.register(spec);
    return this;
  }

  /**
   * Registers a windowed function type as {@link io.eventide.sdk.FunctionRegistry#register(
   * WindowedFunctionSpec)} does: its windows then follow {@link #send}, {@link #advanceWatermark}
   * and, for processing-time windows and triggers, {@link #advanceProcessingTime} exactly as on the
   * platform. Returns this driver.
   *
   * <pre>{@code
   * driver.register(WindowedFunctionSpec.builder(type).window(Windows.tumbling(Duration.ofSeconds(10)))
   *     .aggregate(sum, (context, window, total) -> context.egress("sums", Types.LONG, total)).build());
   * driver.send(Address.of("shop", "sums", "alice"), Types.LONG, 5L, 1_000);
   * driver.advanceWatermark(9_999);   // fires [0, 10000)
   * }</pre>
   */
  public FunctionTestDriver register(WindowedFunctionSpec<?, ?> spec) {
    registry.register(spec);
    return this;
  }

  /**
   * Sets the handler timeout of the types that set none (default 30 s, the platform's): a handler
   * call past it is a failed attempt with the code {@code TIMEOUT}, as on the platform, and the
   * thread it ran on is left to it. Handler calls run one at a time on a driver thread for this.
   *
   * <pre>{@code
   * FunctionTestDriver driver = FunctionTestDriver.of(new ShopModule()).withHandlerTimeout(Duration.ofSeconds(1));
   * }</pre>
   */
  public FunctionTestDriver withHandlerTimeout(Duration timeout) {
    processor.handlerTimeout(Objects.requireNonNull(timeout, "timeout"));
    return this;
  }

  /** Sets how many times a failing handler runs before its message is dead-lettered (>= 1). */
  public FunctionTestDriver withMaxAttempts(int maxAttempts) {
    processor.maxAttempts(maxAttempts);
    return this;
  }

  /** The registered function types. */
  public Set<TypeName> functionTypes() {
    return registry.types();
  }

  /**
   * Sends a message from outside (like the ingress) at the current processing time, runs to
   * quiescence.
   */
  public <T> void send(Address target, Type<T> type, T value) {
    send(target, type, value, processor.processingTime());
  }

  /** Sends a message from outside with the given event time (epoch ms), runs to quiescence. */
  public <T> void send(Address target, Type<T> type, T value, long eventTime) {
    processor.ingest(target, message(type, value, eventTime), null);
  }

  /**
   * Sends a message as a call at the current processing time, runs to quiescence and returns the
   * reply decoded with {@code replyType}.
   *
   * @throws IllegalStateException when the handler did not reply, or failed every attempt
   */
  public <T, R> R call(Address target, Type<T> type, T value, Type<R> replyType) {
    return call(target, type, value, processor.processingTime(), replyType);
  }

  /** As {@link #call(Address, Type, Object, Type)}, with the given event time (epoch ms). */
  public <T, R> R call(Address target, Type<T> type, T value, long eventTime, Type<R> replyType) {
    Objects.requireNonNull(replyType, "replyType");
    CallResult result = new CallResult();
    processor.ingest(target, message(type, value, eventTime), result);
    if (result.reply() != null) {
      return replyType.decode(result.reply().payload());
    }
    if (result.failure() != null) {
      throw new IllegalStateException(
          "call to "
              + target
              + " failed "
              + processor.maxAttempts()
              + " times and went to "
              + DEAD_LETTERS
              + ": "
              + result.failure(),
          result.failure());
    }
    throw new IllegalStateException(
        target + " handled the call without replying (no context.reply)");
  }

  /** The processing-time clock, epoch ms; starts at 0. */
  public long processingTime() {
    return processor.processingTime();
  }

  /**
   * Moves processing time forward, delivering every message and firing every processing-time timer
   * that becomes due, in due order.
   */
  public void advanceProcessingTime(Duration delta) {
    Objects.requireNonNull(delta, "delta");
    if (delta.isNegative()) {
      throw new IllegalArgumentException("processing time cannot go back; delta was " + delta);
    }
    processor.advanceProcessingTime(delta.toMillis());
  }

  /** The current event-time watermark, epoch ms; {@link Long#MIN_VALUE} until advanced. */
  public long currentWatermark() {
    return processor.watermark();
  }

  /**
   * Sets the watermark and fires, in timestamp order, every timer registered so far whose timestamp
   * is at or before it, running to quiescence after each.
   *
   * @throws IllegalArgumentException when {@code watermark} is below the current one
   */
  public void advanceWatermark(long watermark) {
    processor.advanceWatermark(watermark);
  }

  /**
   * The persisted value of {@code spec} at {@code address}; empty when not set, or expired at the
   * driver's processing time ({@link ValueSpec#expireAfterWrite}).
   */
  public <T> Optional<T> state(Address address, ValueSpec<T> spec) {
    checkDeclared(address, spec);
    byte[] bytes = processor.state().read(address, spec.name());
    if (bytes == null) {
      bytes = live(processor.state().read(address, spec.name() + Expiring.SUFFIX));
    } else if (spec.ttl().isPresent()) {
      bytes = live(processor.state().read(address, spec.name() + Expiring.SUFFIX), bytes);
    }
    return bytes == null ? Optional.empty() : Optional.of(spec.type().decode(bytes));
  }

  /**
   * The persisted entries of map {@code spec} at {@code address}, in the order a handler iterates
   * them (the unsigned order of the encoded keys); empty when it has none. Expired entries are left
   * out.
   */
  public <K, V> Map<K, V> state(Address address, MapSpec<K, V> spec) {
    Map<K, V> out = new LinkedHashMap<>();
    StoredCollections stored = processor.state().collections();
    String name = Expiring.storedName(spec.name(), spec.ttl());
    byte[] after = null;
    List<Map.Entry<byte[], byte[]>> page;
    do {
      page = stored.mapPage(address, name, after, 1_000);
      for (Map.Entry<byte[], byte[]> entry : page) {
        after = entry.getKey();
        byte[] value = spec.ttl().isPresent() ? live(entry.getValue()) : entry.getValue();
        if (value != null) {
          out.put(spec.keyType().decode(entry.getKey()), spec.valueType().decode(value));
        }
      }
    } while (page.size() == 1_000);
    return out;
  }

  /** The persisted elements of list {@code spec} at {@code address}, in order, expired ones not. */
  public <T> List<T> state(Address address, ListSpec<T> spec) {
    List<T> out = new ArrayList<>();
    if (spec.ttlRenewedByReads()) {
      String name = spec.name() + Expiring.LIST_ON_ACCESS;
      if (live(processor.state().read(address, name)) != null) {
        processor.state().list(address, name).forEach(e -> out.add(spec.type().decode(e)));
      }
      return out;
    }
    String name = Expiring.storedName(spec.name(), spec.ttl());
    for (byte[] element : processor.state().list(address, name)) {
      byte[] value = spec.ttl().isPresent() ? live(element) : element;
      if (value != null) {
        out.add(spec.type().decode(value));
      }
    }
    return out;
  }

  /** The payload of {@code stored} (a value with a TTL header) if live now, else null. */
  private byte[] live(byte[] stored) {
    return live(stored, null);
  }

  private byte[] live(byte[] stored, byte[] otherwise) {
    return stored != null && Expiring.alive(stored, processor.processingTime())
        ? Expiring.payload(stored)
        : otherwise;
  }

  /**
   * Sets a persisted value before a test sends anything, as if an earlier handler had; with a TTL,
   * written at the driver's processing time.
   */
  public <T> void setState(Address address, ValueSpec<T> spec, T value) {
    checkDeclared(address, spec);
    byte[] bytes = spec.type().encode(Objects.requireNonNull(value, "value"));
    if (spec.ttl().isPresent()) {
      long expiresAt = Expiring.deadline(processor.processingTime(), spec.ttl().orElseThrow());
      processor
          .state()
          .apply(
              address,
              java.util.Map.of(
                  spec.name() + Expiring.SUFFIX,
                  Expiring.wrap(expiresAt, bytes),
                  spec.name(),
                  HandlerScope.ABSENT));
      return;
    }
    processor.state().apply(address, java.util.Map.of(spec.name(), bytes));
  }

  /** The records written to egress {@code name} so far, decoded with {@code type}, in order. */
  public <T> List<T> egress(String name, Type<T> type) {
    Objects.requireNonNull(type, "type");
    return egressRecords(name).stream().map(record -> record.as(type)).toList();
  }

  /** The raw records written to egress {@code name} so far, in order. */
  public List<EgressRecord> egressRecords(String name) {
    return processor.egressRecords(Objects.requireNonNull(name, "name"));
  }

  /** The messages and timers whose handler failed every attempt, in order. */
  public List<DeadLetter> deadLetters() {
    return egress(DEAD_LETTERS, DeadLetter.TYPE);
  }

  /** The timestamps of the event-time timers {@code address} has pending, ascending. */
  public List<Long> pendingTimers(Address address) {
    return processor.timers().of(Objects.requireNonNull(address, "address"));
  }

  /**
   * The timestamps of the processing-time timers {@code address} has pending, ascending.
   *
   * <pre>{@code
   * assertThat(driver.pendingProcessingTimers(alice)).containsExactly(30_000L);
   * }</pre>
   */
  public List<Long> pendingProcessingTimers(Address address) {
    return processor.processingTimers().of(Objects.requireNonNull(address, "address"));
  }

  /** How many messages wait for a later processing time. */
  public int pendingMessages() {
    return processor.pendingMessages();
  }

  private <T> ValueSpec<T> checkDeclared(Address address, ValueSpec<T> spec) {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(spec, "spec");
    ValueSpec<?> declared = registry.require(address.type()).state().get(spec.name());
    if (declared == null) {
      throw new IllegalArgumentException(
          "state '" + spec.name() + "' is not registered for " + address.type());
    }
    return spec;
  }

  private static <T> IncomingMessage message(Type<T> type, T value, long eventTime) {
    Objects.requireNonNull(type, "type");
    byte[] payload = type.encode(Objects.requireNonNull(value, "value"));
    return new IncomingMessage(payload, type.contentType(), eventTime);
  }
}
