package io.eventide.sdk.runtime;

import io.eventide.sdk.Address;
import io.eventide.sdk.Context;
import io.eventide.sdk.DelayedMessage;
import io.eventide.sdk.Limits;
import io.eventide.sdk.ListSpec;
import io.eventide.sdk.ListState;
import io.eventide.sdk.MapSpec;
import io.eventide.sdk.MapState;
import io.eventide.sdk.Message;
import io.eventide.sdk.Names;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.Storage;
import io.eventide.sdk.TooLargeException;
import io.eventide.sdk.Type;
import io.eventide.sdk.ValueSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Runs the messages of one address in order against its state, keeping the effects of every call
 * that returned normally and dropping those of a call that threw. Shared by the runtime workers and
 * {@code FunctionTestDriver}, so that users' unit tests see the platform's rules.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe: one scope serves one address on one thread.
 */
public final class HandlerScope {
  /** Marks a value removed in {@link #state()}. */
  public static final byte[] ABSENT = new byte[0];

  private final Address self;
  private final Map<String, ValueSpec<?>> declared;
  private final Map<String, byte[]> state;
  private final Map<String, byte[]> staged = new HashMap<>();
  private final List<Effect> committed = new ArrayList<>();
  private final List<Effect> pending = new ArrayList<>();
  private final Map<String, byte[]> changed = new HashMap<>();
  private final LongSupplier processingClock;
  private final StoredCollections storedLists;
  private final ScopeMaps maps;

  /** The internal lists this scope touched, with what kept calls did to them. */
  private final Map<String, ListDelta> lists = new HashMap<>();

  /** What the running call does to lists; kept when it returns. */
  private final Map<String, ListDelta> stagedLists = new HashMap<>();

  /** Timers the kept calls deleted: a stored firing of one runs nothing. */
  private final DeletedTimers deletedTimers = new DeletedTimers();

  /** A scope whose processing time is the wall clock, as on the workers. */
  public HandlerScope(Address self, Map<String, ValueSpec<?>> declared, Map<String, byte[]> state) {
    this(self, declared, state, System::currentTimeMillis);
  }

  /**
   * @param self the address served
   * @param declared the state the function type registered, by name
   * @param state the instance's persisted values by name (missing = not set)
   * @param processingClock the processing time, epoch ms, read once at the start of each call: the
   *     wall clock on the platform, the manual clock in {@code FunctionTestDriver}
   */
  public HandlerScope(
      Address self,
      Map<String, ValueSpec<?>> declared,
      Map<String, byte[]> state,
      LongSupplier processingClock) {
    this(self, declared, state, processingClock, StoredCollections.none());
  }

  /**
   * As {@link #HandlerScope(Address, Map, Map, LongSupplier)}, reading the stored elements of
   * internal lists from {@code storedLists} ({@link InternalState}).
   */
  public HandlerScope(
      Address self,
      Map<String, ValueSpec<?>> declared,
      Map<String, byte[]> state,
      LongSupplier processingClock,
      StoredCollections storedLists) {
    this(new HashMap<>(state), self, declared, processingClock, storedLists);
  }

  /**
   * As {@link #HandlerScope(Address, Map, Map, LongSupplier, StoredCollections)}, with {@code
   * state} becoming the scope's own map instead of being copied: for a caller that built it for
   * this scope alone and never touches it again, as a worker decoding an invocation does.
   */
  public static HandlerScope owning(
      Address self,
      Map<String, ValueSpec<?>> declared,
      HashMap<String, byte[]> state,
      LongSupplier processingClock,
      StoredCollections storedLists) {
    return new HandlerScope(state, self, declared, processingClock, storedLists);
  }

  private HandlerScope(
      HashMap<String, byte[]> state,
      Address self,
      Map<String, ValueSpec<?>> declared,
      LongSupplier processingClock,
      StoredCollections storedLists) {
    this.self = Objects.requireNonNull(self);
    this.declared = declared;
    this.state = state;
    this.processingClock = Objects.requireNonNull(processingClock, "processingClock");
    this.storedLists = Objects.requireNonNull(storedLists, "storedLists");
    this.maps = new ScopeMaps(self, storedLists);
  }

  /**
   * Runs one message; returns normally when its effects were kept, throws what the handler threw.
   */
  public void apply(
      StatefulFunction function, Message message, Optional<Address> caller, long watermark)
      throws Exception {
    apply(function, message, caller, watermark, true);
  }

  /**
   * As {@link #apply(StatefulFunction, Message, Optional, long)}; with {@code replyAwaited} false
   * (the message was sent, not called) a reply is not encoded: nobody would receive it, and a
   * counter that replies to every event spent a fifth of its allocation encoding them.
   */
  public void apply(
      StatefulFunction function,
      Message message,
      Optional<Address> caller,
      long watermark,
      boolean replyAwaited)
      throws Exception {
    CallContext context =
        new CallContext(caller, watermark, message.eventTime(), processingClock.getAsLong());
    context.replyAwaited = replyAwaited;
    run(context, ctx -> function.apply(ctx, message));
  }

  /** Runs an event-time timer; same rules as {@link #apply}. */
  public void fireTimer(StatefulFunction function, long timestamp, long watermark)
      throws Exception {
    if (deletedTimers.skips(timestamp, false)) {
      return; // deleted by an earlier call of this scope: it must not fire
    }
    CallContext context =
        new CallContext(Optional.empty(), watermark, timestamp, processingClock.getAsLong());
    run(context, ctx -> function.onTimer(ctx, timestamp));
  }

  /**
   * Runs a processing-time timer; same rules as {@link #apply}. Messages and egress records it
   * writes carry {@code timestamp} as event time, as those of an event-time timer do. The call's
   * processing time is at least {@code timestamp}, even when this clock lags the one that fired it.
   */
  public void fireProcessingTimer(StatefulFunction function, long timestamp, long watermark)
      throws Exception {
    if (deletedTimers.skips(timestamp, true)) {
      return;
    }
    long now = Math.max(processingClock.getAsLong(), timestamp);
    run(
        new CallContext(Optional.empty(), watermark, timestamp, now),
        ctx -> function.onProcessingTimer(ctx, timestamp));
  }

  private void run(CallContext context, Call call) throws Exception {
    staged.clear();
    pending.clear();
    stagedLists.clear();
    boolean returned = false;
    try {
      call.run(context);
      returned = true;
    } catch (LinkageError e) {
      // A missing or broken class in a deployed jar is the handler's failure, not the platform's.
      throw new IllegalStateException("handler of " + self + " failed to link: " + e, e);
    } finally {
      // A context kept by the handler must not add effects to a later call.
      context.closed = true;
      if (returned) {
        state.putAll(staged);
        changed.putAll(staged);
        deletedTimers.kept(pending, context.timerDeletes);
        committed.addAll(pending);
        stagedLists.forEach(
            (name, change) -> lists.computeIfAbsent(name, n -> new ListDelta()).keep(change));
      }
      maps.endCall(returned);
      staged.clear();
      pending.clear();
      stagedLists.clear();
    }
  }

  /** Effects of every call kept so far, in order. */
  public List<Effect> effects() {
    return committed;
  }

  /** Values changed by the kept calls, by name; {@link #ABSENT} for removed ones. */
  public Map<String, byte[]> changedState() {
    return changed;
  }

  /**
   * What the kept calls did to internal lists, by name: whether they emptied the stored list, and
   * what they appended after. Each change is immutable, so a snapshot taken between calls stays
   * true.
   */
  public Map<String, ListChange> changedLists() {
    if (lists.isEmpty()) {
      return Map.of(); // every call of a function without lists asks: no map for it
    }
    Map<String, ListChange> out = new HashMap<>();
    lists.forEach(
        (name, list) -> {
          if (list.cleared || list.appended != null) {
            out.put(name, new ListChange(list.cleared, list.appended));
          }
        });
    return out;
  }

  /** What the kept calls did to maps ({@link io.eventide.sdk.MapSpec}), by name. */
  public Map<String, MapChange> changedMaps() {
    return maps.changed();
  }

  /** A change of an internal list: emptied first if {@code cleared}, then the elements appended. */
  public record ListChange(boolean cleared, Elements elements) {
    /** The appended elements, in order. */
    public List<byte[]> appended() {
      return Elements.toList(elements);
    }
  }

  /**
   * Appended elements as an immutable chain, newest first: appending is one allocation, and a chain
   * once handed out never changes.
   */
  public record Elements(Elements previous, byte[] element, int size) {
    static Elements append(Elements chain, byte[] element) {
      return new Elements(chain, element, chain == null ? 1 : chain.size + 1);
    }

    static List<byte[]> toList(Elements chain) {
      byte[][] all = new byte[chain == null ? 0 : chain.size][];
      for (Elements e = chain; e != null; e = e.previous) {
        all[e.size - 1] = e.element;
      }
      return java.util.Arrays.asList(all);
    }
  }

  /** One list's changes: by the kept calls, or by the running call. */
  private static final class ListDelta {
    boolean cleared;
    Elements appended;

    /** The stored elements, once read; irrelevant once cleared. */
    List<byte[]> stored;

    void keep(ListDelta call) {
      if (call.cleared) {
        cleared = true;
        appended = null;
      }
      for (byte[] element : Elements.toList(call.appended)) {
        appended = Elements.append(appended, element);
      }
    }
  }

  /** The instance's values after the kept calls, by name; {@link #ABSENT} for removed ones. */
  public Map<String, byte[]> state() {
    return state;
  }

  @FunctionalInterface
  private interface Call {
    void run(Context context) throws Exception;
  }

  private final class CallContext implements Context, Storage, InternalState, CallAccess {
    private final Optional<Address> caller;
    private final long watermark;
    private final long eventTime;
    private final long processingTime;
    private boolean closed;

    /** False when nobody receives this call's reply. */
    private boolean replyAwaited = true;

    /** Payload bytes this call sent, wrote to egresses and replied. */
    private long outputBytes;

    /** Whether this call deleted a timer ({@link DeletedTimers}). */
    private boolean timerDeletes;

    /** The random prefix of this call's delayed-message tokens, drawn at the first one. */
    private long tokenPrefix;

    private int delayedCount;

    CallContext(Optional<Address> caller, long watermark, long eventTime, long processingTime) {
      this.caller = caller;
      this.watermark = watermark;
      this.eventTime = eventTime;
      this.processingTime = processingTime;
    }

    @Override
    public Address self() {
      return self;
    }

    @Override
    public Optional<Address> caller() {
      return caller;
    }

    @Override
    public long currentWatermark() {
      return watermark;
    }

    @Override
    public Storage storage() {
      return this;
    }

    @Override
    public <T> void send(Address target, Type<T> type, T value) {
      sendAfter(Duration.ZERO, target, type, value);
    }

    @Override
    public <T> void send(Address target, Type<T> type, T value, long eventTime) {
      if (eventTime < 0) {
        throw new IllegalArgumentException(
            "eventTime must be epoch milliseconds, not negative, was " + eventTime);
      }
      sendAt(Duration.ZERO, target, type, value, eventTime, false);
    }

    @Override
    public <T> void sendAfter(Duration delay, Address target, Type<T> type, T value) {
      sendAt(delay, target, type, value, eventTime, false);
    }

    @Override
    public <T> DelayedMessage sendAfterCancellable(
        Duration delay, Address target, Type<T> type, T value) {
      String id = sendAt(delay, target, type, value, eventTime, true).encode();
      return new DelayedHandle(id, this::cancelDelayed);
    }

    /**
     * Sends; returns the message's id when it is delayed or {@code withId}. A message sent now has
     * one only to be cancelled by this call: committed, it is delivered, and the id points at
     * nothing.
     */
    private <T> DelayedId sendAt(
        Duration delay, Address target, Type<T> type, T value, long eventTime, boolean withId) {
      checkOpen();
      Objects.requireNonNull(delay, "delay");
      Objects.requireNonNull(target, "target");
      if (delay.isNegative()) {
        throw new IllegalArgumentException("delay must not be negative, was " + delay);
      }
      byte[] payload = output("message to " + target, encode(type, value));
      long delayMillis = delay.toMillis();
      DelayedId id =
          delayMillis == 0 && !withId
              ? null
              : new DelayedId(target, saturatedAdd(processingTime, delayMillis), nextToken());
      pending.add(new Effect.Send(target, type.contentType(), payload, eventTime, delayMillis, id));
      return id;
    }

    private String nextToken() {
      if (delayedCount == 0) {
        tokenPrefix = DelayedId.callPrefix();
      }
      return DelayedId.token(tokenPrefix, delayedCount++);
    }

    @Override
    public void cancelDelayed(String id) {
      checkOpen();
      DelayedId parsed = DelayedId.parse(id);
      // Sent by this very call: it is never sent at all.
      pending.removeIf(e -> e instanceof Effect.Send send && parsed.equals(send.delayed()));
      pending.add(new Effect.CancelDelayed(parsed));
    }

    @Override
    public <T> void reply(Type<T> type, T value) {
      checkOpen();
      if (!replyAwaited) {
        return;
      }
      byte[] payload = output("reply", encode(type, value));
      // Only the last reply of a call counts, as a call has one answer.
      pending.removeIf(Effect.Reply.class::isInstance);
      pending.add(new Effect.Reply(type.contentType(), payload));
    }

    @Override
    public <T> void egress(String egressName, Type<T> type, T value) {
      egressRecord(egressName, null, type, value);
    }

    @Override
    public <T> void egress(String egressName, String key, Type<T> type, T value) {
      Objects.requireNonNull(key, "key");
      int bytes = key.getBytes(StandardCharsets.UTF_8).length;
      if (bytes == 0 || bytes > MAX_EGRESS_KEY_BYTES) {
        throw new IllegalArgumentException(
            "egress key must be 1.." + MAX_EGRESS_KEY_BYTES + " bytes of UTF-8, was " + bytes);
      }
      egressRecord(egressName, key, type, value);
    }

    private <T> void egressRecord(String egressName, String key, Type<T> type, T value) {
      checkOpen();
      if (!Names.valid(egressName)) {
        throw new IllegalArgumentException(
            "egress name '" + egressName + "' must match " + Names.PATTERN);
      }
      byte[] payload = output("record for egress '" + egressName + "'", encode(type, value));
      pending.add(new Effect.Egress(egressName, key, type.contentType(), payload, eventTime));
    }

    @Override
    public void registerEventTimeTimer(long timestamp) {
      checkOpen();
      pending.add(new Effect.Timer(timestamp));
    }

    @Override
    public void registerProcessingTimeTimer(long timestamp) {
      checkOpen();
      pending.add(new Effect.ProcessingTimer(timestamp));
    }

    @Override
    public void deleteEventTimeTimer(long timestamp) {
      checkOpen();
      // A registration earlier in this call is undone here; one committed before, by the delete.
      pending.removeIf(e -> e instanceof Effect.Timer timer && timer.timestamp() == timestamp);
      pending.add(new Effect.DeleteTimer(timestamp));
      timerDeletes = true;
    }

    @Override
    public void deleteProcessingTimeTimer(long timestamp) {
      checkOpen();
      pending.removeIf(
          e -> e instanceof Effect.ProcessingTimer timer && timer.timestamp() == timestamp);
      pending.add(new Effect.DeleteProcessingTimer(timestamp));
      timerDeletes = true;
    }

    @Override
    public long currentProcessingTime() {
      return processingTime;
    }

    @Override
    public <T> Optional<T> get(ValueSpec<T> spec) {
      checkOpen();
      checkDeclared(spec);
      if (spec.ttl().isPresent()) {
        byte[] payload = ExpiringValues.get(this, spec);
        return payload == null ? Optional.empty() : Optional.of(spec.type().decode(payload));
      }
      byte[] bytes = storedValue(spec.name());
      if (bytes == null) {
        bytes = ExpiringValues.fromTtl(this, spec.name());
      }
      return bytes == null ? Optional.empty() : Optional.of(spec.type().decode(bytes));
    }

    @Override
    public <T> void set(ValueSpec<T> spec, T value) {
      checkOpen();
      checkDeclared(spec);
      byte[] bytes = encode(spec.type(), value);
      if (bytes.length > Limits.MAX_STATE_VALUE_BYTES) {
        throw new TooLargeException(
            "state value '" + spec.name() + "'", bytes.length, Limits.MAX_STATE_VALUE_BYTES);
      }
      if (spec.ttl().isPresent()) {
        ExpiringValues.set(this, spec, bytes);
      } else {
        staged.put(spec.name(), bytes);
      }
    }

    @Override
    public byte[] storedValue(String name) {
      byte[] bytes = staged.containsKey(name) ? staged.get(name) : state.get(name);
      return bytes == ABSENT ? null : bytes;
    }

    @Override
    public void stageValue(String name, byte[] value) {
      staged.put(name, value == null ? ABSENT : value);
    }

    /** Counts {@code payload} against the limits of one message and of one call's output. */
    @Override
    public byte[] output(String what, byte[] payload) {
      if (payload.length > Limits.MAX_MESSAGE_BYTES) {
        throw new TooLargeException(what, payload.length, Limits.MAX_MESSAGE_BYTES);
      }
      if (outputBytes + payload.length > Limits.MAX_CALL_OUTPUT_BYTES) {
        throw new TooLargeException(
            "the output of one handler call",
            outputBytes + payload.length,
            Limits.MAX_CALL_OUTPUT_BYTES);
      }
      outputBytes += payload.length;
      return payload;
    }

    @Override
    public void remove(ValueSpec<?> spec) {
      checkOpen();
      checkDeclared(spec);
      String withTtl = spec.name() + Expiring.SUFFIX;
      staged.put(spec.ttl().isPresent() ? withTtl : spec.name(), ABSENT);
      // And the other form: a value written while the spec had a TTL (or had not) must not come
      // back. Only if there is one, so that a remove without TTLs writes no more than before.
      String other = spec.ttl().isPresent() ? spec.name() : withTtl;
      if (storedValue(other) != null) {
        staged.put(other, ABSENT);
      }
    }

    @Override
    public byte[] value(String name) {
      checkOpen();
      checkInternal(name);
      byte[] bytes = staged.containsKey(name) ? staged.get(name) : state.get(name);
      return bytes == ABSENT ? null : bytes;
    }

    @Override
    public void setValue(String name, byte[] value) {
      checkOpen();
      checkInternal(name);
      if (value.length > Limits.MAX_STATE_VALUE_BYTES) {
        throw new TooLargeException(
            "internal state value '" + name + "'", value.length, Limits.MAX_STATE_VALUE_BYTES);
      }
      staged.put(name, value);
    }

    @Override
    public void removeValue(String name) {
      checkOpen();
      checkInternal(name);
      staged.put(name, ABSENT);
    }

    @Override
    public <K, V> MapState<K, V> map(MapSpec<K, V> spec) {
      checkOpen();
      return new MapView<>(spec, this);
    }

    @Override
    public <T> ListState<T> list(ListSpec<T> spec) {
      checkOpen();
      return new ListView<>(spec, this);
    }

    @Override
    public ScopeMaps maps() {
      return maps;
    }

    @Override
    public List<byte[]> list(String name) {
      checkOpen();
      checkInternal(name);
      return elements(name);
    }

    /** Every element of list {@code name}: stored (read whole, once), kept and this call's. */
    private List<byte[]> elements(String name) {
      ListDelta kept = lists.computeIfAbsent(name, n -> new ListDelta());
      ListDelta call = stagedLists.get(name);
      if (kept.stored == null && !kept.cleared && (call == null || !call.cleared)) {
        kept.stored = storedLists.read(self, name);
      }
      List<byte[]> all = new ArrayList<>();
      iterateElements(name).forEachRemaining(all::add);
      return all;
    }

    @Override
    public Iterator<byte[]> iterateElements(String name) {
      ListDelta kept = lists.computeIfAbsent(name, n -> new ListDelta());
      ListDelta call = stagedLists.get(name);
      List<byte[]> later = new ArrayList<>();
      if (call == null || !call.cleared) {
        later.addAll(Elements.toList(kept.appended));
      }
      if (call != null) {
        later.addAll(Elements.toList(call.appended));
      }
      if (kept.cleared || (call != null && call.cleared)) {
        return later.iterator();
      }
      Iterator<byte[]> stored =
          kept.stored != null
              ? kept.stored.iterator()
              : new StoredListPages(storedLists, self, name);
      Iterator<byte[]> after = later.iterator();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return stored.hasNext() || after.hasNext();
        }

        @Override
        public byte[] next() {
          return stored.hasNext() ? stored.next() : after.next();
        }
      };
    }

    @Override
    public void append(String name, byte[] element) {
      checkOpen();
      checkInternal(name);
      if (element.length > Limits.MAX_STATE_VALUE_BYTES) {
        throw new TooLargeException(
            "element of list '" + name + "'", element.length, Limits.MAX_STATE_VALUE_BYTES);
      }
      appendElement(name, element);
    }

    @Override
    public void appendElement(String name, byte[] element) {
      ListDelta call = stagedLists.computeIfAbsent(name, n -> new ListDelta());
      call.appended = Elements.append(call.appended, element);
    }

    @Override
    public void clearList(String name) {
      checkOpen();
      checkInternal(name);
      clearElements(name);
    }

    @Override
    public void clearElements(String name) {
      ListDelta call = stagedLists.computeIfAbsent(name, n -> new ListDelta());
      call.cleared = true;
      call.appended = null;
    }

    private void checkInternal(String name) {
      if (!name.startsWith(InternalState.PREFIX)) {
        throw new IllegalArgumentException(
            "internal state names start with " + InternalState.PREFIX + ": " + name);
      }
    }

    @Override
    public void checkOpen() {
      if (closed) {
        throw new IllegalStateException(
            "the context of "
                + self
                + " was used after its handler returned; use it only during the call");
      }
    }

    private void checkDeclared(ValueSpec<?> spec) {
      Objects.requireNonNull(spec, "spec");
      if (!declared.containsKey(spec.name())) {
        throw new IllegalStateException(
            "state '"
                + spec.name()
                + "' is not registered for "
                + self.type()
                + "; list it in FunctionRegistry.register");
      }
    }

    private <T> byte[] encode(Type<T> type, T value) {
      Objects.requireNonNull(type, "type");
      return type.encode(Objects.requireNonNull(value, "value"));
    }
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }
}
