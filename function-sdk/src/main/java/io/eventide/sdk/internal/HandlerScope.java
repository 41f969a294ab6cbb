package io.eventide.sdk.internal;

import io.eventide.sdk.Address;
import io.eventide.sdk.Context;
import io.eventide.sdk.Message;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.Storage;
import io.eventide.sdk.Type;
import io.eventide.sdk.ValueSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs the messages of one address in order against its state, keeping the effects of every
 * call that returned normally and dropping those of a call that threw. Shared by the runtime
 * workers and {@code FunctionTestDriver}, so that users' unit tests see the platform's rules.
 *
 * <h2>Thread safety</h2>
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

  /**
   * @param self the address served
   * @param declared the state the function type registered, by name
   * @param state the instance's persisted values by name (missing = not set)
   */
  public HandlerScope(Address self, Map<String, ValueSpec<?>> declared, Map<String, byte[]> state) {
    this.self = Objects.requireNonNull(self);
    this.declared = declared;
    this.state = new HashMap<>(state);
  }

  /** Runs one message; returns normally when its effects were kept, throws what the handler threw. */
  public void apply(StatefulFunction function, Message message, Optional<Address> caller, long watermark)
      throws Exception {
    run(new CallContext(caller, watermark, message.eventTime()), ctx -> function.apply(ctx, message));
  }

  /** Runs an event-time timer; same rules as {@link #apply}. */
  public void fireTimer(StatefulFunction function, long timestamp, long watermark) throws Exception {
    run(new CallContext(Optional.empty(), watermark, timestamp), ctx -> function.onTimer(ctx, timestamp));
  }

  private void run(CallContext context, Call call) throws Exception {
    staged.clear();
    pending.clear();
    try {
      call.run(context);
    } catch (Exception | LinkageError e) {
      staged.clear();
      pending.clear();
      throw e instanceof Exception ex ? ex : new IllegalStateException(e);
    }
    state.putAll(staged);
    changed.putAll(staged);
    committed.addAll(pending);
  }

  /** Effects of every call kept so far, in order. */
  public List<Effect> effects() {
    return committed;
  }

  /** Values changed by the kept calls, by name; {@link #ABSENT} for removed ones. */
  public Map<String, byte[]> changedState() {
    return changed;
  }

  /** The instance's values after the kept calls, by name; {@link #ABSENT} for removed ones. */
  public Map<String, byte[]> state() {
    return state;
  }

  @FunctionalInterface
  private interface Call {
    void run(Context context) throws Exception;
  }

  private final class CallContext implements Context, Storage {
    private final Optional<Address> caller;
    private final long watermark;
    private final long eventTime;

    CallContext(Optional<Address> caller, long watermark, long eventTime) {
      this.caller = caller;
      this.watermark = watermark;
      this.eventTime = eventTime;
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
      pending.add(new Effect.Send(Objects.requireNonNull(target, "target"), type.contentType(), encode(type, value), eventTime, 0));
    }

    @Override
    public <T> void sendAfter(Duration delay, Address target, Type<T> type, T value) {
      if (delay.isNegative()) {
        throw new IllegalArgumentException("delay must not be negative, was " + delay);
      }
      pending.add(new Effect.Send(Objects.requireNonNull(target, "target"), type.contentType(), encode(type, value), eventTime, delay.toMillis()));
    }

    @Override
    public <T> void reply(Type<T> type, T value) {
      pending.removeIf(Effect.Reply.class::isInstance);
      pending.add(new Effect.Reply(type.contentType(), encode(type, value)));
    }

    @Override
    public <T> void egress(String egressName, Type<T> type, T value) {
      if (egressName == null || !egressName.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")) {
        throw new IllegalArgumentException("egress name '" + egressName + "' must match [A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
      }
      pending.add(new Effect.Egress(egressName, type.contentType(), encode(type, value), eventTime));
    }

    @Override
    public void registerEventTimeTimer(long timestamp) {
      pending.add(new Effect.Timer(timestamp));
    }

    @Override
    public <T> Optional<T> get(ValueSpec<T> spec) {
      checkDeclared(spec);
      byte[] bytes = staged.containsKey(spec.name()) ? staged.get(spec.name()) : state.get(spec.name());
      return bytes == null || bytes == ABSENT ? Optional.empty() : Optional.of(spec.type().decode(bytes));
    }

    @Override
    public <T> void set(ValueSpec<T> spec, T value) {
      checkDeclared(spec);
      staged.put(spec.name(), encode(spec.type(), Objects.requireNonNull(value, "value")));
    }

    @Override
    public void remove(ValueSpec<?> spec) {
      checkDeclared(spec);
      staged.put(spec.name(), ABSENT);
    }

    private void checkDeclared(ValueSpec<?> spec) {
      if (!declared.containsKey(spec.name())) {
        throw new IllegalStateException(
            "state '" + spec.name() + "' is not registered for " + self.type() + "; list it in FunctionRegistry.register");
      }
    }

    private <T> byte[] encode(Type<T> type, T value) {
      return type.encode(value);
    }
  }
}
