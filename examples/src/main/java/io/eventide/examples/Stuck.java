package io.eventide.examples;

import io.eventide.sdk.Context;
import io.eventide.sdk.Message;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.TypeName;

/**
 * {@code bench/stuck}: a handler that never returns, for {@code benchmarks/stuck.sh}: it sleeps
 * forever and swallows interrupts, the worst a function can do to its thread. Each message costs
 * its own invocation a {@code TIMEOUT} (retried, then dead-lettered) and nothing else.
 *
 * <pre>
 * curl -X POST localhost:7070/v1/send/bench/stuck/s1 -d 1
 * </pre>
 */
public final class Stuck implements StatefulFunction {
  /** The function type. */
  public static final TypeName TYPE = TypeName.of("bench", "stuck");

  @Override
  public void apply(Context context, Message message) {
    while (true) {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException ignored) {
        // A stuck handler ignores interrupts too; the worker must cope without its cooperation.
      }
    }
  }
}
