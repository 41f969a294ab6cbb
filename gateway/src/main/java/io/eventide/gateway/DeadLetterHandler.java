package io.eventide.gateway;

import io.eventide.dispatcher.api.DeadLetter;
import io.eventide.dispatcher.api.DeadLetterPage;
import io.eventide.dispatcher.api.DeadLetters;
import io.eventide.dispatcher.api.Ingress;
import io.eventide.dispatcher.api.SendReceipt;
import io.eventide.sdk.Names;
import io.undertow.server.HttpHandler;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /v1/dead-letters}: list the kept dead letters with their errors ({@code ?type=ns/type},
 * {@code from} a page's {@code next}, {@code limit} 1..1000, 100 by default), inspect one with its
 * payload, replay one ({@code POST .../{messageId}/replay}: 202 with the new message's id) and
 * delete one. A dead letter replayed or deleted already is 404, as one never kept is. See
 * docs/decisions/dead-letters.md.
 *
 * <h2>Thread safety</h2>
 *
 * Stateless; store reads and the replay's wait run on a worker thread.
 */
final class DeadLetterHandler {
  private final DeadLetters letters;
  private final Ingress ingress;

  DeadLetterHandler(DeadLetters letters, Ingress ingress) {
    this.letters = letters;
    this.ingress = ingress;
  }

  HttpHandler list() {
    return exchange -> {
      String type = Query.first(exchange, "type");
      if (type != null) {
        String[] parts = type.split("/", -1);
        if (parts.length != 2 || !Names.valid(parts[0]) || !Names.valid(parts[1])) {
          throw ApiException.invalid(
              "type must be namespace/type, each matching "
                  + Names.PATTERN
                  + ", was '"
                  + Printable.quote(type)
                  + "'");
        }
      }
      String from = Query.first(exchange, "from");
      int limit =
          (int)
              Query.longParam(
                  exchange, "limit", DeadLetters.DEFAULT_LIMIT, 1, DeadLetters.MAX_LIMIT);
      Exchanges.blocking(
          exchange, ex -> Json.send(ex, 200, render(letters.list(type, from, limit))));
    };
  }

  HttpHandler get() {
    return exchange -> {
      String id = exchange.getAttachment(Routes.PARAMS)[0];
      Exchanges.blocking(
          exchange,
          ex -> Json.send(ex, 200, render(letters.get(id).orElseThrow(() -> unknown(id)), true)));
    };
  }

  HttpHandler delete() {
    return exchange -> {
      String id = exchange.getAttachment(Routes.PARAMS)[0];
      Exchanges.blocking(
          exchange,
          ex -> {
            if (!letters.delete(id)) {
              throw unknown(id);
            }
            Json.send(ex, 200, Map.of("messageId", id, "deleted", true));
          });
    };
  }

  /**
   * Reads the dead letter for its target (which routes the replay in a cluster), then has the
   * dispatcher remove it and enqueue the message in one transaction; a concurrent replay or delete
   * in between makes that transaction answer 404.
   */
  HttpHandler replay() {
    return exchange -> {
      String id = exchange.getAttachment(Routes.PARAMS)[0];
      Exchanges.blocking(
          exchange,
          ex -> {
            DeadLetter letter = letters.get(id).orElseThrow(() -> unknown(id));
            String[] target = letter.target().split("/", 3);
            if (target.length != 3) {
              throw new ApiException(
                  409, "NOT_REPLAYABLE", "dead letter " + id + " has no readable target");
            }
            SendReceipt receipt = ingress.replayAsync(id, target[0], target[1], target[2]).join();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("messageId", receipt.messageId());
            body.put("replayOf", id);
            body.put("target", letter.target());
            body.put("eventTime", letter.eventTime());
            Json.send(ex, 202, body);
          });
    };
  }

  private static Map<String, Object> render(DeadLetterPage page) {
    List<Object> list = new ArrayList<>(page.letters().size());
    page.letters().forEach(letter -> list.add(render(letter, false)));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("deadLetters", list);
    body.put("next", page.next());
    return body;
  }

  static Map<String, Object> render(DeadLetter letter, boolean withPayload) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("messageId", letter.messageId());
    json.put("target", letter.target());
    if (letter.caller() != null) {
      json.put("caller", letter.caller());
    }
    json.put("source", letter.source());
    json.put("error", Map.of("code", letter.code(), "message", letter.error()));
    json.put("attempts", letter.attempts());
    json.put("deadLetteredAt", letter.deadLetteredAt());
    json.put("eventTime", letter.eventTime());
    json.put("contentType", letter.contentType());
    json.put("payloadBytes", letter.payloadBytes());
    if (withPayload && letter.payloadText() != null) {
      json.put("payload", letter.payloadText());
    } else if (withPayload && letter.payload() != null) {
      json.put("payloadBase64", Base64.getEncoder().encodeToString(letter.payload()));
    }
    json.put("cursor", letter.cursor());
    return json;
  }

  private static ApiException unknown(String id) {
    return ApiException.notFound(
        "no dead letter '"
            + Printable.quote(id)
            + "' is kept (replayed or deleted already, or never dead-lettered)");
  }
}
