package io.eventide.dispatcher.internal.remote;

import com.google.protobuf.ByteString;
import io.eventide.dispatcher.api.CallReply;
import io.eventide.dispatcher.api.DispatcherException;
import io.eventide.dispatcher.api.DispatcherException.Code;
import io.eventide.dispatcher.api.IngressMessage;
import io.eventide.dispatcher.api.SendReceipt;
import io.eventide.dispatcher.internal.routing.Addr;
import io.eventide.protocol.Address;
import io.eventide.protocol.CallResponse;
import io.eventide.protocol.IngressRequest;
import io.eventide.protocol.Payload;
import io.eventide.protocol.SendResponse;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.ConnectException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/**
 * The ingress API on the wire between gateways and dispatchers, both ways. A dispatcher's failure
 * travels as a gRPC status whose trailers carry the exact {@link Code}, so the gateway answers the
 * client as the standalone node would; a status without them is the transport's.
 */
public final class IngressCodec {
  static final Metadata.Key<String> ERROR =
      Metadata.Key.of("eventide-error", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> OWNER =
      Metadata.Key.of("eventide-owner", Metadata.ASCII_STRING_MARSHALLER);

  /**
   * Present when the dispatcher wrote nothing of the request ({@link
   * DispatcherException#refused()}).
   */
  static final Metadata.Key<String> REFUSED =
      Metadata.Key.of("eventide-refused", Metadata.ASCII_STRING_MARSHALLER);

  /**
   * A batch failure's events ({@link DispatcherException#events()}): how many, then the indices
   * named, comma-separated ({@value DispatcherException#MAX_NAMED_EVENTS} at most, to stay far
   * below gRPC's 8 KiB of metadata).
   */
  static final Metadata.Key<String> EVENTS =
      Metadata.Key.of("eventide-events", Metadata.ASCII_STRING_MARSHALLER);

  private IngressCodec() {}

  public static IngressRequest request(IngressMessage m) {
    IngressRequest.Builder b =
        IngressRequest.newBuilder()
            .setTarget(Addr.proto(m))
            .setPayload(
                Payload.newBuilder()
                    .setContentType(m.contentType() == null ? "" : m.contentType())
                    .setData(ByteString.copyFrom(m.payload())));
    if (m.eventTime() == IngressMessage.INGESTION_TIME) {
      b.setIngestionTime(true);
    } else {
      b.setEventTime(m.eventTime());
    }
    if (m.idempotencyKey() != null) {
      b.setIdempotencyKey(m.idempotencyKey());
    }
    if (m.traceparent() != null) {
      b.setTraceparent(m.traceparent());
    }
    return b.build();
  }

  public static IngressMessage message(IngressRequest r) {
    Address t = r.getTarget();
    String contentType = r.getPayload().getContentType();
    return new IngressMessage(
        t.getNamespace(),
        t.getType(),
        t.getId(),
        r.getPayload().getData().toByteArray(),
        contentType.isEmpty() ? null : contentType,
        r.getIngestionTime() ? IngressMessage.INGESTION_TIME : r.getEventTime(),
        r.getIdempotencyKey().isEmpty() ? null : r.getIdempotencyKey(),
        r.getTraceparent().isEmpty() ? null : r.getTraceparent());
  }

  public static SendResponse response(SendReceipt receipt) {
    return SendResponse.newBuilder()
        .setMessageId(receipt.messageId())
        .setDuplicate(receipt.duplicate())
        .build();
  }

  public static SendReceipt receipt(SendResponse response) {
    return new SendReceipt(response.getMessageId(), response.getDuplicate());
  }

  public static CallResponse response(CallReply reply) {
    CallResponse.Builder b =
        CallResponse.newBuilder()
            .setReply(Payload.newBuilder().setData(ByteString.copyFrom(reply.payload())));
    if (reply.contentType() != null) {
      b.setHasContentType(true).getReplyBuilder().setContentType(reply.contentType());
    }
    return b.build();
  }

  public static CallReply reply(CallResponse response) {
    return new CallReply(
        response.getReply().getData().toByteArray(),
        response.getHasContentType() ? response.getReply().getContentType() : null);
  }

  /** A dispatcher's failure as the status the gateway decodes with {@link #failure}. */
  public static StatusRuntimeException status(Throwable error) {
    DispatcherException e = DispatcherException.of(unwrap(error));
    Metadata trailers = new Metadata();
    trailers.put(ERROR, e.code().name());
    if (e.owner() != null) {
      trailers.put(OWNER, e.owner());
    }
    if (e.refused()) {
      trailers.put(REFUSED, "true");
    }
    if (e.eventCount() > 0) {
      trailers.put(
          EVENTS,
          e.eventCount()
              + ":"
              + e.events().stream().map(String::valueOf).collect(Collectors.joining(",")));
    }
    return grpcStatus(e.code()).withDescription(e.getMessage()).asRuntimeException(trailers);
  }

  private static Status grpcStatus(Code code) {
    return switch (code) {
      case OVERLOADED -> Status.RESOURCE_EXHAUSTED;
      case TIMEOUT -> Status.DEADLINE_EXCEEDED;
      case UNAVAILABLE -> Status.UNAVAILABLE;
      case OUTCOME_UNKNOWN -> Status.UNKNOWN;
      case INVALID -> Status.INVALID_ARGUMENT;
      case TOO_LARGE -> Status.OUT_OF_RANGE;
      case HANDLER_FAILED -> Status.ABORTED;
      case IDEMPOTENCY_KEY_MISMATCH -> Status.ALREADY_EXISTS;
      case NOT_OWNER -> Status.FAILED_PRECONDITION;
      case NOT_FOUND -> Status.NOT_FOUND;
    };
  }

  /**
   * A failed remote call as the gateway reports it: the dispatcher's own failure as it was, a
   * transport failure (or an open circuit) as {@code UNAVAILABLE}.
   */
  public static DispatcherException failure(Throwable error, String peer) {
    Throwable cause = unwrap(error);
    if (cause instanceof DispatcherException e) {
      return e;
    }
    if (cause instanceof StatusRuntimeException s
        && s.getTrailers() != null
        && s.getTrailers().containsKey(ERROR)) {
      Code code = Code.valueOf(s.getTrailers().get(ERROR));
      String message = s.getStatus().getDescription();
      if (code == Code.NOT_OWNER) {
        return DispatcherException.notOwner(message, s.getTrailers().get(OWNER));
      }
      if (s.getTrailers().containsKey(EVENTS)) {
        return eventsFailure(code, message, s.getTrailers().get(EVENTS));
      }
      return s.getTrailers().containsKey(REFUSED)
          ? DispatcherException.refused(code, message)
          : new DispatcherException(code, message);
    }
    if (cause instanceof StatusRuntimeException s
        && s.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
      return new DispatcherException(
          Code.TIMEOUT, "the dispatcher at " + peer + " did not answer in time", cause);
    }
    if (neverArrived(cause)) {
      return DispatcherException.refused(
          Code.UNAVAILABLE, "the dispatcher at " + peer + " is unreachable: " + cause);
    }
    // The request may have reached the dispatcher and been written before the call broke.
    return new DispatcherException(
        Code.OUTCOME_UNKNOWN,
        "the call to the dispatcher at "
            + peer
            + " broke, and the request may or may not have taken effect: "
            + cause,
        cause);
  }

  private static DispatcherException eventsFailure(Code code, String message, String events) {
    int colon = events.indexOf(':');
    List<Integer> named =
        colon == events.length() - 1
            ? List.of()
            : Arrays.stream(events.substring(colon + 1).split(",")).map(Integer::valueOf).toList();
    return DispatcherException.ofEvents(
        code, message, named, Integer.parseInt(events.substring(0, colon)));
  }

  /**
   * True when the request surely left nothing in any inbox: the circuit was open, the connection
   * was refused, or the dispatcher turned it away unwritten. Only then may a request without an
   * idempotency key be sent again.
   */
  public static boolean neverArrived(Throwable error) {
    Throwable cause = unwrap(error);
    if (cause instanceof DispatcherException e) {
      return e.refused() || e.getCause() != null && neverArrived(e.getCause());
    }
    if (cause instanceof CallNotPermittedException) {
      return true;
    }
    if (cause instanceof StatusRuntimeException s) {
      if (s.getTrailers() != null && s.getTrailers().containsKey(ERROR)) {
        return s.getTrailers().containsKey(REFUSED);
      }
      for (Throwable t = s.getCause(); t != null; t = t.getCause()) {
        if (t instanceof ConnectException) {
          return true;
        }
      }
    }
    return false;
  }

  public static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
