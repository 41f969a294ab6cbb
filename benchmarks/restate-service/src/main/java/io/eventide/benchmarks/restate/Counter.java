package io.eventide.benchmarks.restate;

import dev.restate.sdk.ObjectContext;
import dev.restate.sdk.annotation.Handler;
import dev.restate.sdk.annotation.VirtualObject;
import dev.restate.sdk.common.StateKey;

/**
 * Restate's twin of Eventide's {@code example/counter}, so that both systems do the same work per
 * request: one read and one write of a key's durable state, and the new total as the reply. A
 * virtual object (not a plain service) because Eventide's functions are keyed too: Restate then
 * runs the calls of one key one at a time, as Eventide does.
 */
@VirtualObject
public class Counter {

  private static final StateKey<Long> COUNT = StateKey.of("count", Long.class);

  @Handler
  public long add(ObjectContext ctx, long delta) {
    long total = ctx.get(COUNT).orElse(0L) + delta;
    ctx.set(COUNT, total);
    return total;
  }
}
