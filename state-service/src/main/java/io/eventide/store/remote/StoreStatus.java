package io.eventide.store.remote;

import io.eventide.store.StoreException;
import io.eventide.store.StoreException.Code;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * How a {@link StoreException} crosses the wire. The server answers a failed call with a gRPC
 * status whose trailer {@code eventide-store-code} names the store's code and whose description is
 * its message. A failure without that trailer never reached the store's answer: it is a transport
 * failure (no connection, deadline, cancellation), and the client decides what it means for the
 * call at hand.
 */
final class StoreStatus {
  static final Metadata.Key<String> CODE_TRAILER =
      Metadata.Key.of("eventide-store-code", Metadata.ASCII_STRING_MARSHALLER);

  private StoreStatus() {}

  /** The status the server fails a call with. */
  static StatusRuntimeException toStatus(StoreException e) {
    Metadata trailers = new Metadata();
    trailers.put(CODE_TRAILER, e.code().name());
    return grpcStatus(e.code()).withDescription(e.getMessage()).asRuntimeException(trailers);
  }

  /**
   * The store error behind a failed call: the server's own code and message, or {@code
   * transportCode} when the call failed in transport. Only transport failures carry a cause (see
   * {@link #isTransportFailure}).
   */
  static StoreException fromCall(Throwable failure, Code transportCode, String call) {
    Metadata trailers = Status.trailersFromThrowable(failure);
    String name = trailers == null ? null : trailers.get(CODE_TRAILER);
    Status status = Status.fromThrowable(failure);
    if (name == null) {
      String detail = status.getDescription() == null ? "" : ": " + status.getDescription();
      StatusRuntimeException cause =
          failure instanceof StatusRuntimeException sre
              ? sre
              : status.withCause(failure).asRuntimeException();
      return new StoreException(
          transportCode, call + " failed in transport, " + status.getCode() + detail, cause);
    }
    return new StoreException(storeCode(name), status.getDescription());
  }

  /** Whether {@code e} came from a transport failure rather than from the server's store. */
  static boolean isTransportFailure(StoreException e) {
    return e.getCause() instanceof StatusRuntimeException;
  }

  private static Code storeCode(String name) {
    try {
      return Code.valueOf(name);
    } catch (IllegalArgumentException e) {
      // A newer server's code this client does not know: not retryable, as we cannot judge it.
      return Code.IO;
    }
  }

  // For logs and proxies between the two ends; the trailer, not this status, is what clients read.
  private static Status grpcStatus(Code code) {
    return switch (code) {
      case CONFLICT, TOO_OLD -> Status.ABORTED;
      case FENCED -> Status.FAILED_PRECONDITION;
      case TOO_LARGE -> Status.RESOURCE_EXHAUSTED;
      case COMMIT_UNKNOWN -> Status.UNKNOWN;
      case UNAVAILABLE -> Status.UNAVAILABLE;
      case INVALID -> Status.INVALID_ARGUMENT;
      case IO -> Status.INTERNAL;
    };
  }
}
