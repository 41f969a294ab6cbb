package io.eventide.gateway;

import io.eventide.catalog.DeploymentException;
import io.eventide.dispatcher.api.DispatcherException;
import io.eventide.store.StoreException;
import io.undertow.io.Receiver;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.util.Headers;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP answers: {@code {"error":{"code","message"}}}.
 * Unexpected failures are logged here, once, and answered with a generic 500.
 *
 * <h2>Thread safety</h2>
 *
 * Stateless; callable from any thread that currently owns the exchange.
 */
final class Errors {
  private static final Logger LOG = LoggerFactory.getLogger(Errors.class);
  static final String RETRY_AFTER_SECONDS = "1";

  private Errors() {}

  /** Answers {@code failure} on {@code exchange}, or just ends it if a response already started. */
  static void send(HttpServerExchange exchange, Throwable failure) {
    ApiException error = toApi(unwrap(failure), exchange);
    exchange.putAttachment(Audit.ERROR_CODE, error.code());
    if (!exchange.isRequestComplete()) {
      BodyReader.boundDrain(exchange); // refused before or while its body was read
    }
    if (exchange.isResponseStarted()) {
      LOG.debug(
          "cannot report {} on {}: response already started",
          error.code(),
          exchange.getRequestPath());
      exchange.endExchange();
      return;
    }
    // A rate limiter sets its own Retry-After: the time to the client's next window.
    if ((error.status() == 429 || error.status() == 503)
        && !exchange.getResponseHeaders().contains(Headers.RETRY_AFTER)) {
      exchange.getResponseHeaders().put(Headers.RETRY_AFTER, RETRY_AFTER_SECONDS);
    }
    if (error.status() == 307
        && unwrap(failure) instanceof DispatcherException notOwner
        && notOwner.owner() != null) {
      // Same method and body at the node that holds the key group (RFC 9110 §15.4.8).
      String query = exchange.getQueryString();
      exchange
          .getResponseHeaders()
          .put(
              Headers.LOCATION,
              "http://"
                  + notOwner.owner()
                  + exchange.getRequestURI()
                  + (query == null || query.isEmpty() ? "" : "?" + query));
    }
    if (error.status() == 401) {
      exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("code", error.code());
    body.put("message", String.valueOf(error.getMessage()));
    body.putAll(error.details());
    Json.send(exchange, error.status(), Map.of("error", body));
  }

  /** Maps a failure to status, code and message; logs the ones that are the gateway's fault. */
  static ApiException toApi(Throwable failure, HttpServerExchange exchange) {
    if (failure instanceof ApiException api) {
      return api;
    } else if (failure instanceof DispatcherException e) {
      return new ApiException(dispatcherStatus(e.code()), e.code().name(), e.getMessage());
    } else if (failure instanceof DeploymentException e) {
      return new ApiException(deploymentStatus(e.code()), e.code().name(), e.getMessage());
    } else if (StoreException.unwrap(failure) != null) {
      // A store failure (the standalone node's own store) says whether anything was written.
      DispatcherException e = DispatcherException.of(failure);
      return new ApiException(dispatcherStatus(e.code()), e.code().name(), e.getMessage());
    } else if (failure instanceof Receiver.RequestToLargeException
        || failure instanceof RequestTooBigException) {
      return ApiException.tooLarge("request body is over this endpoint's limit");
    } else if (failure instanceof TimeoutException) {
      return new ApiException(504, "TIMEOUT", "no answer in time");
    } else if (failure instanceof IOException) {
      LOG.debug("I/O failure on {}", exchange.getRequestPath(), failure);
      return ApiException.invalid("could not read the request: " + failure.getMessage());
    }
    LOG.error(
        "unexpected failure on {} {}",
        exchange.getRequestMethod(),
        exchange.getRequestPath(),
        failure);
    return new ApiException(500, "INTERNAL", "internal error; see the gateway log");
  }

  static int dispatcherStatus(DispatcherException.Code code) {
    return switch (code) {
      case OVERLOADED -> 429;
      case TIMEOUT -> 504;
      case UNAVAILABLE -> 503;
      case OUTCOME_UNKNOWN -> 504;
      case INVALID -> 400;
      case TOO_LARGE -> 413;
      case HANDLER_FAILED, IDEMPOTENCY_KEY_MISMATCH -> 422;
      case NOT_OWNER -> 307;
      case NOT_FOUND -> 404;
    };
  }

  static int deploymentStatus(DeploymentException.Code code) {
    return switch (code) {
      case INVALID_JAR -> 400;
      case TOO_LARGE -> 413;
      case NOT_FOUND -> 404;
      case CONFLICT -> 409;
      case UNAVAILABLE -> 503;
    };
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable current = failure;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }
}
