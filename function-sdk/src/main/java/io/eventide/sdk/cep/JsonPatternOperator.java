package io.eventide.sdk.cep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventide.sdk.Address;
import io.eventide.sdk.Context;
import io.eventide.sdk.MapSpec;
import io.eventide.sdk.MapState;
import io.eventide.sdk.Message;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs the versions of a JSON pattern over one key with {@link CepOperator}'s event-time rules (the
 * same queue, timers and late handling), keeping one NFA per version that still has partial matches
 * at the key: its runs in {@link #RUNS} under the version number, its shared buffer in maps of its
 * own. Each event goes to every such version; only the version it starts under ({@link
 * JsonPatternVersions#startingAt}, never older than one already started at the key) may start new
 * partial matches with it, the older ones lose their start state and finish what they hold. A
 * version whose runs are gone is removed; one no longer kept is dropped with its runs.
 *
 * <h2>Thread safety</h2>
 *
 * As {@link CepOperator}: any number of addresses, one call at a time each.
 */
final class JsonPatternOperator implements StatefulFunction {
  static final MapSpec<String, byte[]> RUNS =
      MapSpec.named("cep_version_runs").withTypes(Types.STRING, Types.BYTES);

  private final JsonPatternVersions versions;

  JsonPatternOperator(JsonPatternVersions versions) {
    this.versions = versions;
  }

  /** One version's runs at the key during a call. */
  private record Run(
      JsonPatternVersions.Compiled compiled, Partials partials, SharedBuffer<JsonNode> buffer) {}

  @Override
  public void apply(Context context, Message message) {
    long timestamp = message.eventTime();
    if (timestamp > context.currentWatermark()) {
      long arrival = context.storage().get(CepOperator.ARRIVALS).orElse(0L);
      context.storage().set(CepOperator.ARRIVALS, arrival + 1);
      context
          .storage()
          .map(CepOperator.QUEUE)
          .put(new QueueKey(timestamp, arrival).encode(), message.payload());
      context.registerEventTimeTimer(timestamp);
    } else {
      long dropped = context.storage().get(CepOperator.LATE_DROPPED).orElse(0L);
      context.storage().set(CepOperator.LATE_DROPPED, dropped + 1);
    }
  }

  @Override
  public void onTimer(Context context, long timer) throws Exception {
    long watermark = context.currentWatermark();
    MapState<String, byte[]> stored = context.storage().map(RUNS);
    TreeMap<Integer, Run> runs = new TreeMap<>();
    List<Map.Entry<String, byte[]>> entries = new ArrayList<>();
    stored.entries().forEach(entries::add);
    for (Map.Entry<String, byte[]> entry : entries) {
      int version = Integer.parseInt(entry.getKey());
      JsonPatternVersions.Compiled compiled = versions.version(version);
      if (compiled == null) {
        // No longer kept: its partial matches cannot be run on, so they end here.
        stored.remove(entry.getKey());
        context.storage().map(events(version)).clear();
        context.storage().map(nodes(version)).clear();
        continue;
      }
      runs.put(version, load(context, compiled, CepCodec.decodePartials(entry.getValue())));
    }
    MapState<String, byte[]> queue = context.storage().map(CepOperator.QUEUE);
    List<QueueKey> due = CepOperator.due(queue, watermark);
    long current = Long.MIN_VALUE;
    boolean first = true;
    for (QueueKey key : due) {
      if (first || key.timestamp() != current) {
        advance(context, runs, key.timestamp());
        current = key.timestamp();
        first = false;
      }
      int starting = versions.startingAt(key.timestamp());
      if (!runs.isEmpty()) {
        starting = Math.max(starting, runs.lastKey()); // a key never goes back to older versions
      }
      if (!runs.containsKey(starting)) {
        JsonPatternVersions.Compiled compiled = versions.version(starting);
        runs.put(starting, load(context, compiled, compiled.nfa().initial()));
      }
      byte[] payload = queue.get(key.encode()).orElseThrow();
      for (Run run : runs.values()) {
        if (run.compiled().version() != starting) {
          retire(run.partials());
        }
        process(context, run, payload, key.timestamp(), watermark);
      }
      queue.remove(key.encode());
    }
    advance(context, runs, watermark);
    if (queue.isEmpty()) {
      context.storage().remove(CepOperator.ARRIVALS);
    }
    int newest = runs.isEmpty() ? 0 : runs.lastKey();
    for (Run run : runs.values()) {
      int version = run.compiled().version();
      run.buffer().flush();
      if (version != newest) {
        retire(run.partials());
      }
      String key = Integer.toString(version);
      boolean done =
          run.partials().completed.isEmpty()
              && (run.partials().partial.isEmpty() || version == newest && run.partials().isIdle());
      if (done) {
        stored.remove(key);
      } else {
        stored.put(key, CepCodec.encodePartials(run.partials()));
      }
    }
  }

  /**
   * Ends a version's ability to start partial matches at this key: its runs not started yet go, the
   * started ones stay.
   */
  private static void retire(Partials partials) {
    partials.partial.removeIf(computation -> computation.startEvent() == null);
  }

  private Run load(Context context, JsonPatternVersions.Compiled compiled, Partials partials) {
    int version = compiled.version();
    SharedBuffer<JsonNode> buffer =
        new SharedBuffer<>(
            new MapBufferStore(
                context.storage().map(events(version)), context.storage().map(nodes(version))),
            JsonEvents.TYPE,
            partials.eventCounts);
    return new Run(compiled, partials, buffer);
  }

  private void process(Context context, Run run, byte[] payload, long timestamp, long watermark)
      throws Exception {
    JsonPatternVersions.Compiled compiled = run.compiled();
    NfaEvent<JsonNode> event =
        new NfaEvent<>(JsonEvents.TYPE.decode(payload), payload, timestamp, run.buffer());
    List<Map<String, List<JsonNode>>> matches =
        compiled
            .nfa()
            .process(
                run.buffer(), run.partials(), event, compiled.pattern().pattern().skipStrategy());
    event.release();
    long window = compiled.nfa().windowTime();
    if (window > 0
        && run.partials().newStart
        && timestamp <= Long.MAX_VALUE - window
        && timestamp + window > watermark) {
      context.registerEventTimeTimer(timestamp + window);
    }
    for (Map<String, List<JsonNode>> match : matches) {
      emit(context, compiled, "match", match, timestamp);
    }
  }

  private void advance(Context context, TreeMap<Integer, Run> runs, long time) throws Exception {
    for (Run run : runs.values()) {
      JsonPatternVersions.Compiled compiled = run.compiled();
      Nfa.Advanced<JsonNode> advanced =
          compiled
              .nfa()
              .advanceTime(
                  run.buffer(), run.partials(), time, compiled.pattern().pattern().skipStrategy());
      for (Map<String, List<JsonNode>> match : advanced.matches()) {
        emit(context, compiled, "match", match, time);
      }
      if (compiled.pattern().timeouts()) {
        for (Nfa.TimedOut<JsonNode> timedOut : advanced.timedOut()) {
          emit(context, compiled, "timeout", timedOut.match(), timedOut.timestamp());
        }
      }
    }
  }

  /** Sends a firing to the version's output as one JSON object. */
  private void emit(
      Context context,
      JsonPatternVersions.Compiled compiled,
      String kind,
      Map<String, List<JsonNode>> match,
      long timestamp) {
    String key = context.self().id();
    ObjectNode firing = JsonEvents.mapper().createObjectNode();
    firing.put("pattern", versions.name());
    firing.put("version", compiled.version());
    firing.put("kind", kind);
    firing.put("key", key);
    firing.put("timestamp", timestamp);
    ObjectNode steps = firing.putObject("match");
    for (Map.Entry<String, List<JsonNode>> step : match.entrySet()) {
      ArrayNode events = steps.putArray(step.getKey());
      step.getValue().forEach(events::add);
    }
    JsonPattern pattern = compiled.pattern();
    if (pattern.egress().isPresent()) {
      context.egress(pattern.egress().get(), key, JsonEvents.TYPE, firing);
    } else {
      Address target = pattern.function(key).orElseThrow();
      context.send(target, JsonEvents.TYPE, firing);
    }
  }

  /** The events of version {@code version}'s shared buffer. */
  static MapSpec<String, byte[]> events(int version) {
    return MapSpec.named("cep_events_v" + version).withTypes(Types.STRING, Types.BYTES);
  }

  /** The nodes of version {@code version}'s shared buffer. */
  static MapSpec<String, byte[]> nodes(int version) {
    return MapSpec.named("cep_nodes_v" + version).withTypes(Types.STRING, Types.BYTES);
  }
}
