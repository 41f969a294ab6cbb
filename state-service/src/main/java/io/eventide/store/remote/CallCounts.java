package io.eventide.store.remote;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Calls served, by method: what a client's work costs in round trips, which on a state-service is
 * most of a cluster's cost per event. Logged when the server closes.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe.
 */
final class CallCounts implements ServerInterceptor {
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  @Override
  public <Q, A> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
    counts
        .computeIfAbsent(call.getMethodDescriptor().getBareMethodName(), m -> new LongAdder())
        .increment();
    return next.startCall(call, headers);
  }

  long served(String method) {
    LongAdder n = counts.get(method);
    return n == null ? 0 : n.sum();
  }

  /** For example {@code {Begin=12, Commit=40}}. */
  @Override
  public String toString() {
    Map<String, Long> sorted = new TreeMap<>();
    counts.forEach((method, n) -> sorted.put(method, n.sum()));
    return sorted.toString();
  }
}
