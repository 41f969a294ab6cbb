package io.eventide.sdk.cep;

import io.eventide.sdk.Context;
import io.eventide.sdk.MapSpec;
import io.eventide.sdk.MapState;
import io.eventide.sdk.Message;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.Types;
import io.eventide.sdk.ValueSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link CepSpec} as an ordinary keyed stateful function, with the event-time rules of
 * Flink's {@code CepOperator}: a message later than the watermark waits in {@link #QUEUE} under its
 * event time (arrival order within a time) with an event-time timer there; a timer processes every
 * waiting time up to the watermark in order, advancing the NFA's clock to each before its events
 * and to the watermark after them. A message at or below the watermark is late. The runs live in
 * {@link #RUNS}, the shared buffer in {@link #EVENTS} and {@link #NODES}, so all of it commits with
 * the call, exactly once.
 *
 * <h2>Thread safety</h2>
 *
 * One instance may serve any number of addresses, one call at a time each; it keeps nothing between
 * calls.
 *
 * @param <T> the event type
 */
final class CepOperator<T> implements StatefulFunction {
  static final ValueSpec<byte[]> RUNS = ValueSpec.named("cep_runs").withType(Types.BYTES);
  static final ValueSpec<Long> LATE_DROPPED =
      ValueSpec.named("cep_late_dropped").withType(Types.LONG);
  static final ValueSpec<Long> ARRIVALS = ValueSpec.named("cep_arrivals").withType(Types.LONG);
  static final MapSpec<String, byte[]> QUEUE =
      MapSpec.named("cep_queue").withTypes(Types.STRING, Types.BYTES);
  static final MapSpec<String, byte[]> EVENTS =
      MapSpec.named("cep_events").withTypes(Types.STRING, Types.BYTES);
  static final MapSpec<String, byte[]> NODES =
      MapSpec.named("cep_nodes").withTypes(Types.STRING, Types.BYTES);

  private final CepSpec<T> spec;
  private final Nfa<T> nfa;

  CepOperator(CepSpec<T> spec, Nfa<T> nfa) {
    this.spec = spec;
    this.nfa = nfa;
  }

  @Override
  public void apply(Context context, Message message) throws Exception {
    long timestamp = message.eventTime();
    if (timestamp > context.currentWatermark()) {
      // One entry per event, so that no number of events at one time outgrows a map value; the
      // arrival number keeps their order within a time, as Flink's list per timestamp does.
      long arrival = context.storage().get(ARRIVALS).orElse(0L);
      context.storage().set(ARRIVALS, arrival + 1);
      context
          .storage()
          .map(QUEUE)
          .put(new QueueKey(timestamp, arrival).encode(), message.payload());
      context.registerEventTimeTimer(timestamp);
    } else if (spec.lateMessageHandler().isPresent()) {
      spec.lateMessageHandler().get().apply(context, message);
    } else {
      context.storage().set(LATE_DROPPED, context.storage().get(LATE_DROPPED).orElse(0L) + 1);
    }
  }

  @Override
  public void onTimer(Context context, long timer) throws Exception {
    long watermark = context.currentWatermark();
    MapState<String, byte[]> queue = context.storage().map(QUEUE);
    Partials partials =
        context.storage().get(RUNS).map(CepCodec::decodePartials).orElseGet(nfa::initial);
    SharedBuffer<T> buffer =
        new SharedBuffer<>(
            new MapBufferStore(context.storage().map(EVENTS), context.storage().map(NODES)),
            spec.eventType(),
            partials.eventCounts);
    List<QueueKey> due = CepOperator.due(queue, watermark);
    long current = Long.MIN_VALUE;
    boolean first = true;
    for (QueueKey key : due) {
      if (first || key.timestamp() != current) {
        advance(context, buffer, partials, key.timestamp());
        current = key.timestamp();
        first = false;
      }
      byte[] payload = queue.get(key.encode()).orElseThrow();
      process(context, buffer, partials, payload, key.timestamp(), watermark);
      queue.remove(key.encode());
    }
    advance(context, buffer, partials, watermark);
    buffer.flush();
    if (queue.isEmpty()) {
      context.storage().remove(ARRIVALS);
    }
    if (partials.isIdle()) {
      context.storage().remove(RUNS);
    } else {
      context.storage().set(RUNS, CepCodec.encodePartials(partials));
    }
  }

  /** The queued events at or below {@code watermark}, in the order they are processed. */
  static List<QueueKey> due(MapState<String, byte[]> queue, long watermark) {
    List<QueueKey> due = new ArrayList<>();
    for (String key : queue.keys()) {
      QueueKey parsed = QueueKey.decode(key);
      if (parsed.timestamp() <= watermark) {
        due.add(parsed);
      }
    }
    due.sort(QueueKey.ORDER);
    return due;
  }

  private void process(
      Context context,
      SharedBuffer<T> buffer,
      Partials partials,
      byte[] payload,
      long timestamp,
      long watermark)
      throws Exception {
    T value = spec.eventType().decode(payload);
    NfaEvent<T> event = new NfaEvent<>(value, payload, timestamp, buffer);
    List<Map<String, List<T>>> matches =
        nfa.process(buffer, partials, event, spec.pattern().skipStrategy());
    event.release();
    long window = nfa.windowTime();
    // Flink registers the window's timer while any run started in this pass; one at or below the
    // watermark would change nothing, since the pass ends by advancing to the watermark.
    if (window > 0
        && partials.newStart
        && timestamp <= Long.MAX_VALUE - window
        && timestamp + window > watermark) {
      context.registerEventTimeTimer(timestamp + window);
    }
    for (Map<String, List<T>> match : matches) {
      spec.matchFunction().processMatch(context, match, timestamp);
    }
  }

  private void advance(Context context, SharedBuffer<T> buffer, Partials partials, long time)
      throws Exception {
    Nfa.Advanced<T> advanced =
        nfa.advanceTime(buffer, partials, time, spec.pattern().skipStrategy());
    for (Map<String, List<T>> match : advanced.matches()) {
      spec.matchFunction().processMatch(context, match, time);
    }
    if (spec.timedOutHandler().isPresent()) {
      for (Nfa.TimedOut<T> timedOut : advanced.timedOut()) {
        spec.timedOutHandler()
            .get()
            .processTimedOutMatch(context, timedOut.match(), timedOut.timestamp());
      }
    }
  }
}
