package io.eventide.gateway;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The routing table. A route is a path template such as {@code /v1/send/{ns}/{type}/{id}}: a
 * request whose path has the template's prefix and suffix but the wrong number of segments (or an
 * empty or badly encoded one) is malformed (400), unless another template with that prefix and
 * suffix has that number ({@code /v1/state/{ns}/{type}} beside {@code /v1/state/{ns}/{type}/{id}});
 * one matching no template is unknown (404), and a method the route does not serve is 405. Matched
 * routes check their token, the body's content coding (415), then admission, then run the method's
 * handler with the decoded segments in {@link #PARAMS}. A route whose template has {@code {ns}} and
 * {@code {type}} also checks that the token reaches that function type (403), and admitted routes
 * take a permit of the client's rate limit (429) before they count against the in-flight limit.
 * Requests to admin routes are watched by {@link Audit} from the moment they match, so refusals are
 * recorded too.
 *
 * <h2>Thread safety</h2>
 *
 * Built once before the server starts, then read-only.
 */
final class Routes implements HttpHandler {
  /** Decoded path parameters, in template order. */
  static final AttachmentKey<String[]> PARAMS = AttachmentKey.create(String[].class);

  /** The matched route's template, for metrics. */
  static final AttachmentKey<String> ROUTE = AttachmentKey.create(String.class);

  private final Auth auth;
  private final RateLimits rateLimits;
  private final Admission admission;
  private final Audit audit;
  private final Map<String, Route> exact = new HashMap<>();
  private final List<Route> templated = new ArrayList<>();

  Routes(Auth auth, RateLimits rateLimits, Admission admission, Audit audit) {
    this.auth = auth;
    this.rateLimits = rateLimits;
    this.admission = admission;
    this.audit = audit;
  }

  /** Adds {@code template}; {@code admitted} routes count against the in-flight limit. */
  Route add(String template, Auth.Guard guard, boolean admitted) {
    Route route = new Route(template, guard, admitted);
    if (route.params == 0) {
      exact.put(template, route);
    } else {
      templated.add(route);
      // The longest suffix first (a stable sort): /v1/deployments/{id}/versions before
      // /v1/deployments/{id}, which would otherwise take its paths as malformed.
      templated.sort(Comparator.comparingInt((Route r) -> -r.suffix.length()));
    }
    return route;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    try {
      String path = exchange.getRequestPath();
      Route route = exact.get(path);
      String[] params = new String[0];
      if (route == null) {
        // A path may be covered by templates of different lengths (/v1/state/{ns}/{type} and
        // /v1/state/{ns}/{type}/{id}): the one with as many segments wins, else the first is the
        // one whose 400 the client sees.
        route =
            templated.stream()
                .filter(r -> r.covers(path) && r.fits(path))
                .findFirst()
                .orElseGet(
                    () -> templated.stream().filter(r -> r.covers(path)).findFirst().orElse(null));
        if (route == null) {
          throw ApiException.notFound("no such endpoint: " + path);
        }
        params = route.params(path);
      }
      exchange.putAttachment(ROUTE, route.template);
      if (route.guard == Auth.Guard.ADMIN) {
        audit.watch(
            exchange,
            route.action(exchange.getRequestMethod()),
            params.length == 0 ? null : String.join("/", params));
      }
      Client client = auth.check(exchange, route.guard);
      if (route.typeParam >= 0) {
        Auth.requireScope(client, params[route.typeParam - 1], params[route.typeParam], "");
      }
      HttpHandler handler = route.methods.get(exchange.getRequestMethod());
      if (handler == null) {
        exchange.getResponseHeaders().put(Headers.ALLOW, route.allowed());
        throw new ApiException(
            405,
            "METHOD_NOT_ALLOWED",
            exchange.getRequestMethod() + " is not allowed on " + route.template);
      }
      ContentCodings.requireIdentity(exchange);
      if (route.admitted) {
        rateLimits.acquire(exchange, client);
        admission.enter(exchange);
      }
      exchange.putAttachment(PARAMS, params);
      handler.handleRequest(exchange);
    } catch (Exception e) {
      Errors.send(exchange, e);
    }
  }

  /** One path template and its handlers by method. */
  static final class Route {
    private final String template;
    private final String prefix;
    private final String suffix;
    private final int params;

    /**
     * The segments between prefix and suffix: null for a parameter, else a literal the path must
     * have there ({@code maps} in {@code /v1/state/{ns}/{type}/{id}/maps/{name}}).
     */
    private final String[] segments;

    private final int typeParam;
    private final Auth.Guard guard;
    private final boolean admitted;
    private final Map<HttpString, HttpHandler> methods = new LinkedHashMap<>();
    private final Map<HttpString, String> actions = new HashMap<>();

    private Route(String template, Auth.Guard guard, boolean admitted) {
      this.template = template;
      int open = template.indexOf('{');
      this.prefix = open < 0 ? template : template.substring(0, open);
      this.suffix = open < 0 ? "" : template.substring(template.lastIndexOf('}') + 1);
      this.params = (int) template.chars().filter(c -> c == '{').count();
      String middle = template.substring(prefix.length(), template.length() - suffix.length());
      this.segments =
          open < 0
              ? new String[0]
              : java.util.Arrays.stream(middle.split("/", -1))
                  .map(part -> part.startsWith("{") ? null : part)
                  .toArray(String[]::new);
      // {ns}/{type} names the function type a token's scope must reach; -1 when there is none.
      int at = template.indexOf("{ns}/{type}");
      this.typeParam =
          at < 0 ? -1 : (int) template.substring(0, at).chars().filter(c -> c == '{').count() + 1;
      this.guard = guard;
      this.admitted = admitted;
    }

    /** Serves {@code method} with {@code handler}. */
    Route on(HttpString method, HttpHandler handler) {
      methods.put(method, handler);
      return this;
    }

    /**
     * Serves {@code method} with {@code handler}, naming the action for the audit log (e.g. {@code
     * deployment.delete}).
     */
    Route on(HttpString method, String action, HttpHandler handler) {
      actions.put(method, action);
      return on(method, handler);
    }

    /** The audit log's name for {@code method} here: its action, else {@code METHOD /template}. */
    private String action(HttpString method) {
      String action = actions.get(method);
      return action != null ? action : method + " " + template;
    }

    private boolean covers(String path) {
      return path.length() >= prefix.length() + suffix.length()
          && path.startsWith(prefix)
          && path.endsWith(suffix);
    }

    /**
     * Whether {@code path}, which this route covers, has as many segments as the template, with its
     * literal ones.
     */
    private boolean fits(String path) {
      String middle = path.substring(prefix.length(), path.length() - suffix.length());
      String[] raw = middle.split("/", -1);
      if (raw.length != segments.length) {
        return false;
      }
      for (int i = 0; i < raw.length; i++) {
        if (segments[i] != null && !segments[i].equals(raw[i])) {
          return false;
        }
      }
      return true;
    }

    private String[] params(String path) {
      if (!fits(path)) {
        throw ApiException.invalid("malformed path '" + path + "': expected " + template);
      }
      String middle = path.substring(prefix.length(), path.length() - suffix.length());
      String[] raw = middle.split("/", -1);
      String[] decoded = new String[params];
      for (int i = 0, n = 0; i < raw.length; i++) {
        if (segments[i] != null) {
          continue;
        }
        int at = n++;
        decoded[at] = PathCodec.decode(raw[i]);
        if (decoded[at].isEmpty()) {
          throw ApiException.invalid("malformed path '" + path + "': empty segment in " + template);
        }
      }
      return decoded;
    }

    private String allowed() {
      return methods.keySet().stream().map(HttpString::toString).collect(Collectors.joining(", "));
    }
  }
}
