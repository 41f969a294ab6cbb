package io.eventide.gateway;

import io.eventide.gateway.audit.AuditEntry;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Audits the admin routes: {@link Routes} {@link #watch watches} every request to an {@link
 * Auth.Guard#ADMIN} route, and when it completes, records it if it asked for a change (any method
 * but GET and HEAD), whatever the answer, or was refused with 401 or 403. So a new admin route is
 * audited by being one; naming its action ({@link Routes.Route#on(io.undertow.util.HttpString,
 * String, io.undertow.server.HttpHandler)}) and, when it creates something, its target ({@link
 * #target}) make the entry read well.
 *
 * <p>An entry names the token by its name: never the token, nor anything of the request's headers.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe: entries are built in the exchange's commit or completion listener, on whichever
 * thread commits or ends it, and handed to the thread-safe {@link AuditLog}.
 */
final class Audit {
  /** The error code {@link Errors} answered with, for the entry's outcome. */
  static final AttachmentKey<String> ERROR_CODE = AttachmentKey.create(String.class);

  /**
   * The token of a request that presented none (the API open, or a 401), and of one no entry
   * matched. Token names match {@code Names.PATTERN}, which has no parentheses: no token is so
   * named.
   */
  static final String ANONYMOUS = "(anonymous)";

  static final String UNKNOWN = "(unknown)";

  private static final AttachmentKey<String> TARGET = AttachmentKey.create(String.class);

  private final AuditLog log;
  private final LongSupplier clock;

  Audit(AuditLog log, LongSupplier clock) {
    this.log = log;
    this.clock = clock;
  }

  AuditLog log() {
    return log;
  }

  /**
   * Records {@code exchange} when its answer is committed, as {@code action} on {@code target}
   * (null: none yet; a handler may name it with {@link #target}), if it changes something or is
   * refused.
   */
  void watch(HttpServerExchange exchange, String action, String target) {
    if (target != null) {
      exchange.putAttachment(TARGET, target);
    }
    boolean change =
        !Methods.GET.equals(exchange.getRequestMethod())
            && !Methods.HEAD.equals(exchange.getRequestMethod());
    // Recorded as the answer is committed, before its client can see it: a client that sends its
    // next request on seeing the answer finds its entries in the order it made them. An exchange
    // that ends without committing an answer (its connection gone) is recorded as it ends.
    AtomicBoolean recorded = new AtomicBoolean();
    Consumer<HttpServerExchange> record =
        ex -> {
          int status = ex.getStatusCode();
          if ((change || status == 401 || status == 403) && recorded.compareAndSet(false, true)) {
            log.record(entry(ex, action, status));
          }
        };
    exchange.addResponseCommitListener(record::accept);
    exchange.addExchangeCompleteListener(
        (ex, next) -> {
          try {
            record.accept(ex);
          } finally {
            next.proceed();
          }
        });
  }

  /** Names what the request acted on, once known (the id of what it created). */
  static void target(HttpServerExchange exchange, String target) {
    exchange.putAttachment(TARGET, target);
  }

  /** Records a reload of the tokens file: {@code outcome} is ok or why it was refused. */
  void reload(Path file, String outcome) {
    log.record(
        new AuditEntry(
            clock.getAsLong(),
            "tokens.reload",
            file.toString(),
            null,
            null,
            null,
            null,
            0,
            outcome));
  }

  private AuditEntry entry(HttpServerExchange exchange, String action, int status) {
    String outcome =
        status >= 200 && status < 300
            ? AuditEntry.OK
            : orElse(exchange.getAttachment(ERROR_CODE), "HTTP_" + status);
    return new AuditEntry(
        clock.getAsLong(),
        action,
        exchange.getAttachment(TARGET),
        token(exchange, status),
        RateLimits.address(exchange),
        exchange.getRequestMethod().toString(),
        exchange.getRequestPath(),
        status,
        outcome);
  }

  /** The token's name; what stands for it when none matched. Never the presented token. */
  private static String token(HttpServerExchange exchange, int status) {
    Client client = exchange.getAttachment(Auth.CLIENT);
    if (client != null) {
      return client.name();
    }
    boolean presented = exchange.getRequestHeaders().contains(Headers.AUTHORIZATION);
    return status == 401 && presented ? UNKNOWN : ANONYMOUS;
  }

  private static String orElse(String value, String fallback) {
    return value == null ? fallback : value;
  }
}
