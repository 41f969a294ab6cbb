package io.eventide.store.remote;

import io.eventide.protocol.StateStoreGrpc;
import io.eventide.protocol.StoreAck;
import io.eventide.protocol.StoreApplyRequest;
import io.eventide.protocol.StoreBeginReply;
import io.eventide.protocol.StoreBeginRequest;
import io.eventide.protocol.StoreCommitReply;
import io.eventide.protocol.StoreCommitRequest;
import io.eventide.protocol.StoreGetRangeReply;
import io.eventide.protocol.StoreGetRangeRequest;
import io.eventide.protocol.StoreGetRangesReply;
import io.eventide.protocol.StoreGetRangesRequest;
import io.eventide.protocol.StoreGetReply;
import io.eventide.protocol.StoreGetRequest;
import io.eventide.protocol.StoreRangeEntries;
import io.eventide.protocol.StoreReleaseRequest;
import io.eventide.store.CommitResult;
import io.eventide.store.KeyValue;
import io.eventide.store.StoreException;
import io.eventide.store.StoreException.Code;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code StateStore} gRPC service over {@link Sessions}: each call finds its session, replays
 * the writes it carries and answers; a failure answers with the store's code (see {@link
 * StoreStatus}).
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe. Calls run on the server's handler threads; commit answers are sent from {@code
 * replies}, never from the store's committing thread.
 */
final class StateStoreService extends StateStoreGrpc.StateStoreImplBase {
  private static final Logger log = LoggerFactory.getLogger(StateStoreService.class);
  private static final StoreAck ACK = StoreAck.getDefaultInstance();

  private final Sessions sessions;
  private final Executor replies;

  StateStoreService(Sessions sessions, Executor replies) {
    this.sessions = sessions;
    this.replies = replies;
  }

  @Override
  public void begin(StoreBeginRequest request, StreamObserver<StoreBeginReply> out) {
    answer(
        out,
        () -> {
          Session session = sessions.begin();
          return StoreBeginReply.newBuilder()
              .setSession(session.id())
              .setReadVersion(session.readVersion())
              .build();
        });
  }

  @Override
  public void get(StoreGetRequest request, StreamObserver<StoreGetReply> out) {
    answer(
        out,
        () -> {
          byte[] value =
              sessions
                  .get(request.getSession())
                  .get(request.getOpsList(), request.getKey().toByteArray(), request.getSnapshot());
          StoreGetReply.Builder reply = StoreGetReply.newBuilder();
          if (value != null) {
            reply.setValue(Ops.bytes(value));
          }
          return reply.build();
        });
  }

  @Override
  public void getRange(StoreGetRangeRequest request, StreamObserver<StoreGetRangeReply> out) {
    ServerCallStreamObserver<StoreGetRangeReply> call =
        (ServerCallStreamObserver<StoreGetRangeReply>) out;
    call.setOnCancelHandler(
        () -> {}); // a client gone mid-range is not an error here: stop sending (below)
    List<KeyValue> entries;
    try {
      entries =
          sessions
              .get(request.getSession())
              .getRange(
                  request.getOpsList(),
                  request.getRange().getBegin().toByteArray(),
                  request.getRange().getEnd().toByteArray(),
                  request.getLimit(),
                  request.getReverse(),
                  request.getSnapshot());
    } catch (RuntimeException e) {
      fail(out, e);
      return;
    }
    StoreGetRangeReply.Builder page = StoreGetRangeReply.newBuilder();
    long pageBytes = 0;
    for (KeyValue entry : entries) {
      if (call.isCancelled()) {
        return;
      }
      page.addEntries(Ops.keyValue(entry.key(), entry.value()));
      pageBytes += entry.key().length + entry.value().length;
      if (pageBytes >= WireLimits.BATCH_BYTES) {
        out.onNext(page.build());
        page = StoreGetRangeReply.newBuilder();
        pageBytes = 0;
      }
    }
    if (page.getEntriesCount() > 0) {
      out.onNext(page.build());
    }
    out.onCompleted();
  }

  @Override
  public void getRanges(StoreGetRangesRequest request, StreamObserver<StoreGetRangesReply> out) {
    answer(
        out,
        () -> {
          List<byte[][]> ranges = new java.util.ArrayList<>(request.getRangesCount());
          request
              .getRangesList()
              .forEach(
                  r ->
                      ranges.add(
                          new byte[][] {r.getBegin().toByteArray(), r.getEnd().toByteArray()}));
          // Session 0: the client's first read begins its session, one round trip instead of two.
          boolean begun = request.getSession() == 0;
          Session session = begun ? sessions.begin() : sessions.get(request.getSession());
          List<List<KeyValue>> read;
          try {
            read =
                session.getRanges(
                    request.getOpsList(),
                    ranges,
                    request.getLimit(),
                    request.getSnapshot(),
                    WireLimits.BATCH_BYTES);
          } catch (RuntimeException e) {
            if (begun) {
              sessions.release(session.id());
            }
            throw e;
          }
          StoreGetRangesReply.Builder reply = StoreGetRangesReply.newBuilder();
          if (begun) {
            reply.setSession(session.id()).setReadVersion(session.readVersion());
          }
          for (List<KeyValue> entries : read) {
            StoreRangeEntries.Builder range = reply.addRangesBuilder();
            entries.forEach(kv -> range.addEntries(Ops.keyValue(kv.key(), kv.value())));
          }
          return reply.build();
        });
  }

  @Override
  public void apply(StoreApplyRequest request, StreamObserver<StoreAck> out) {
    answer(
        out,
        () -> {
          sessions.get(request.getSession()).apply(request.getOpsList());
          return ACK;
        });
  }

  @Override
  public void commit(StoreCommitRequest request, StreamObserver<StoreCommitReply> out) {
    try {
      (request.getSession() == 0 ? sessions.beginToCommit() : sessions.take(request.getSession()))
          .commit(request.getOpsList())
          .whenCompleteAsync(
              (result, error) -> {
                if (error == null) {
                  out.onNext(commitReply(result));
                  out.onCompleted();
                } else {
                  fail(out, error);
                }
              },
              replies);
    } catch (RuntimeException e) {
      fail(out, e);
    }
  }

  @Override
  public void release(StoreReleaseRequest request, StreamObserver<StoreAck> out) {
    answer(
        out,
        () -> {
          sessions.release(request.getSession());
          return ACK;
        });
  }

  private static StoreCommitReply commitReply(CommitResult result) {
    return StoreCommitReply.newBuilder()
        .setVersion(result.version())
        .setVersionstamp(Ops.bytes(result.versionstamp()))
        .build();
  }

  private static <T> void answer(StreamObserver<T> out, Supplier<T> call) {
    T reply;
    try {
      reply = call.get();
    } catch (RuntimeException e) {
      fail(out, e);
      return;
    }
    out.onNext(reply);
    out.onCompleted();
  }

  private static void fail(StreamObserver<?> out, Throwable error) {
    StoreException cause = StoreException.unwrap(error);
    if (cause == null) {
      // Not the store's answer but a fault of this server: the one place it is logged.
      log.warn("state-service call failed unexpectedly", error);
      cause = new StoreException(Code.IO, "state-service failed: " + error);
    }
    out.onError(StoreStatus.toStatus(cause));
  }
}
