package io.eventide.examples;

import io.eventide.sdk.Evictors;
import io.eventide.sdk.Message;
import io.eventide.sdk.ProcessWindowFunction;
import io.eventide.sdk.Type;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.Types;
import io.eventide.sdk.ValueSpec;
import io.eventide.sdk.WindowedFunctionSpec;
import io.eventide.sdk.Windows;
import java.time.Duration;
import java.util.List;

/**
 * {@code shop/recent-prices}: per product id, the last three prices of each one-minute window (a
 * count evictor), with how many times the window has fired so far (window state: its on-time
 * firing, then one per late price within the 30 s lateness) and how many firings the product has
 * had in all (global state). Writes {@code {"key":..,"start":..,"prices":[..],"firing":..,
 * "firings":..}} to the {@code recent-prices} egress.
 *
 * <pre>
 * curl -X POST localhost:7070/v1/ingress/prices/events -H 'Content-Type: application/x-ndjson' --data-binary $'
 * {"target":"shop/recent-prices/tea","eventTime":1000,"payload":5}
 * {"target":"shop/recent-prices/tea","eventTime":2000,"payload":6}'
 * curl -X POST localhost:7070/v1/ingress/prices/watermark -d '{"watermark": 60000}'
 * # GET /v1/egress/recent-prices then shows {"key":"tea","start":0,"prices":[5,6],"firing":1,"firings":1}
 * </pre>
 */
public final class RecentPrices {
  /** The function type. */
  public static final TypeName TYPE = TypeName.of("shop", "recent-prices");

  /** The egress that receives one {@link Result} per firing. */
  public static final String EGRESS = "recent-prices";

  /** How many times this window has fired: per key and window. */
  static final ValueSpec<Long> FIRING = ValueSpec.named("firing").withType(Types.LONG);

  /** How many firings this product has had: per key, across windows. */
  static final ValueSpec<Long> FIRINGS = ValueSpec.named("firings").withType(Types.LONG);

  /** What a firing writes to {@link #EGRESS}. */
  public record Result(String key, long start, List<Long> prices, long firing, long firings) {
    /** Its JSON form. */
    public static final Type<Result> JSON = Types.json(Result.class);
  }

  /** One-minute windows, 30 s of lateness, the last three prices of each. */
  public static final WindowedFunctionSpec<Void, Void> SPEC =
      WindowedFunctionSpec.builder(TYPE)
          .window(Windows.tumbling(Duration.ofMinutes(1)))
          .allowedLateness(Duration.ofSeconds(30))
          .evictor(Evictors.count(3))
          .processWithState(emit())
          .build();

  private RecentPrices() {}

  private static ProcessWindowFunction.WithState emit() {
    return (context, window, messages) -> {
      long firing = window.windowState().get(FIRING).orElse(0L) + 1;
      window.windowState().set(FIRING, firing);
      long firings = window.globalState().get(FIRINGS).orElse(0L) + 1;
      window.globalState().set(FIRINGS, firings);
      List<Long> prices = messages.stream().map((Message m) -> m.as(Types.LONG)).toList();
      context.egress(
          EGRESS,
          Result.JSON,
          new Result(context.self().id(), window.window().start(), prices, firing, firings));
    };
  }
}
