package io.eventide.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventide.catalog.PatternCatalog;
import io.eventide.sdk.cep.JsonPattern;
import io.eventide.sdk.cep.MalformedPatternException;
import io.undertow.server.HttpHandler;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * {@code /v1/patterns}: attach a JSON pattern to a function type at run time ({@code PUT}, each put
 * a new version; 400 saying what is wrong with it, 409 when another pattern or a deployment has its
 * input type), read it with its kept versions ({@code GET}), list them, and detach it ({@code
 * DELETE}). After each change {@code changed} runs, so that a worker in this process follows at
 * once. Whether a deployment serves the input is decided by the catalog, in the put's own
 * transaction: a check here against this gateway's view of the deployments could pass while a
 * deploy of the type commits.
 *
 * <h2>Thread safety</h2>
 *
 * Stateless; the catalog runs on worker threads.
 */
final class PatternHandler {
  private static final java.util.regex.Pattern NAME =
      java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PatternCatalog patterns;
  private final Runnable changed;
  private final LongSupplier clock;

  PatternHandler(PatternCatalog patterns, Runnable changed, LongSupplier clock) {
    this.patterns = patterns;
    this.changed = changed;
    this.clock = clock;
  }

  HttpHandler put() {
    return exchange -> {
      String name = name(exchange.getAttachment(Routes.PARAMS)[0]);
      Exchanges.receive(
          exchange,
          JsonPattern.MAX_BYTES,
          (ex, body) -> {
            JsonPattern parsed;
            try {
              parsed = JsonPattern.parse(body);
            } catch (MalformedPatternException e) {
              throw ApiException.invalid("pattern " + name + ": " + e.getMessage());
            }
            String input = parsed.input().toString();
            Exchanges.blocking(
                ex,
                worker -> {
                  PatternCatalog.Stored stored;
                  try {
                    stored = patterns.put(name, input, body, clock.getAsLong());
                  } catch (PatternCatalog.ConflictException e) {
                    throw new ApiException(409, "CONFLICT", e.getMessage());
                  }
                  changed.run();
                  List<Integer> kept =
                      patterns.versions(name).stream().map(PatternCatalog.Stored::version).toList();
                  Json.send(worker, 200, render(stored, kept));
                });
          });
    };
  }

  HttpHandler get() {
    return exchange -> {
      String name = name(exchange.getAttachment(Routes.PARAMS)[0]);
      Exchanges.blocking(
          exchange,
          ex -> {
            List<PatternCatalog.Stored> versions = patterns.versions(name);
            if (versions.isEmpty()) {
              throw unknown(name);
            }
            Json.send(
                ex,
                200,
                render(
                    versions.get(versions.size() - 1),
                    versions.stream().map(PatternCatalog.Stored::version).toList()));
          });
    };
  }

  HttpHandler list() {
    return exchange ->
        Exchanges.blocking(
            exchange,
            ex -> {
              List<Map<String, Object>> all =
                  patterns.all().values().stream()
                      .map(
                          versions ->
                              render(
                                  versions.get(versions.size() - 1),
                                  versions.stream().map(PatternCatalog.Stored::version).toList()))
                      .toList();
              Json.send(ex, 200, Map.of("patterns", all));
            });
  }

  HttpHandler delete() {
    return exchange -> {
      String name = name(exchange.getAttachment(Routes.PARAMS)[0]);
      Exchanges.blocking(
          exchange,
          ex -> {
            if (!patterns.delete(name)) {
              throw unknown(name);
            }
            changed.run();
            Json.send(ex, 200, Map.of("name", name, "deleted", true));
          });
    };
  }

  private static Map<String, Object> render(PatternCatalog.Stored stored, List<Integer> kept) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", stored.name());
    out.put("version", stored.version());
    out.put("input", stored.input());
    out.put("createdAt", stored.createdAt());
    out.put("versions", kept);
    try {
      out.put("definition", JSON.readTree(stored.body()));
    } catch (IOException e) {
      throw new IllegalStateException("a stored pattern is not JSON", e);
    }
    return out;
  }

  private static String name(String name) {
    if (!NAME.matcher(name).matches()) {
      throw ApiException.invalid(
          "pattern name '"
              + Printable.quote(name)
              + "' must be 1..128 letters, digits, '.', '_' or '-', starting with a letter or"
              + " digit");
    }
    return name;
  }

  private static ApiException unknown(String name) {
    return ApiException.notFound("no pattern '" + name + "'");
  }
}
