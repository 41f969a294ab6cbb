package io.eventide.dispatcher;

import com.google.protobuf.ByteString;
import io.eventide.dispatcher.api.RemoteOptions;
import io.eventide.dispatcher.internal.cluster.Successors;
import io.eventide.dispatcher.internal.remote.Peers;
import io.eventide.dispatcher.internal.remote.Unary;
import io.eventide.protocol.DispatchGrpc;
import io.eventide.protocol.HandOverRequest;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Tells a successor dispatcher over gRPC of the key groups just handed to it ({@code
 * Dispatch/HandOver}), so it serves them without a lease round of its own.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe.
 */
final class HandOverCalls implements Successors, AutoCloseable {
  /** A successor that does not answer by then takes its groups in a round anyway. */
  private static final Duration DEADLINE = Duration.ofSeconds(1);

  private final String nodeId;
  private final Peers peers;
  private final Set<String> warmed = ConcurrentHashMap.newKeySet();

  HandOverCalls(String nodeId, RemoteOptions options) {
    this.nodeId = nodeId;
    this.peers = new Peers("dispatcher", options);
  }

  @Override
  public CompletableFuture<Set<Integer>> offer(String endpoint, Map<Integer, byte[]> leases) {
    HandOverRequest.Builder request = HandOverRequest.newBuilder().setFromNode(nodeId);
    leases.forEach((kg, value) -> request.putLeases(kg, ByteString.copyFrom(value)));
    return peers
        .get(endpoint)
        .call(
            channel ->
                Unary.<io.eventide.protocol.HandOverResponse>call(
                    out ->
                        DispatchGrpc.newStub(channel)
                            .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                            .handOver(request.build(), out)))
        .thenApply(reply -> Set.copyOf(reply.getAdoptedList()));
  }

  @Override
  public void keepReady(Set<String> endpoints) {
    peers.keepConnected(endpoints);
    for (String endpoint : endpoints) {
      if (warmed.add(endpoint)) {
        // An empty offer, once per member: the first real one, when a member leaves, would
        // otherwise also pay for loading and starting this call's path on both sides (870 ms
        // once under the failover probe, against about 100 ms warm).
        offer(endpoint, Map.of()).exceptionally(e -> Set.of());
      }
    }
    warmed.retainAll(endpoints);
  }

  @Override
  public void close() {
    peers.close();
  }
}
