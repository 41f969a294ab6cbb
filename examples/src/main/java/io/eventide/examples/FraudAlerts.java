package io.eventide.examples;

import io.eventide.sdk.Type;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.Types;
import io.eventide.sdk.cep.AfterMatchSkipStrategy;
import io.eventide.sdk.cep.CepSpec;
import io.eventide.sdk.cep.Pattern;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code example/fraud}: a CEP pattern per user (the id). A login followed by three failed payments
 * in a row within a minute writes {@code {"user":..,"login":..,"failures":[..]}} to the {@code
 * fraud-alerts} egress; a login the minute closes on first writes {@code {"user":..,"login":..}} to
 * {@code abandoned-logins}. Events are {@code {"action":..,"at":..}} and may arrive out of order:
 * the watermark puts them in order.
 *
 * <pre>
 * curl -X POST localhost:7070/v1/ingress/payments/events -H 'Content-Type: application/x-ndjson' --data-binary $'
 * {"target":"example/fraud/alice","eventTime":1000,"payload":{"action":"login","at":1000}}
 * {"target":"example/fraud/alice","eventTime":3000,"payload":{"action":"fail","at":3000}}
 * {"target":"example/fraud/alice","eventTime":2000,"payload":{"action":"fail","at":2000}}
 * {"target":"example/fraud/alice","eventTime":4000,"payload":{"action":"fail","at":4000}}'
 * curl -X POST localhost:7070/v1/ingress/payments/watermark -d '{"watermark": 10000}'
 * # GET /v1/egress/fraud-alerts then shows {"user":"alice","login":1000,"failures":[2000,3000,4000]}
 * </pre>
 */
public final class FraudAlerts {
  /** The function type. */
  public static final TypeName TYPE = TypeName.of("example", "fraud");

  /** The egress of alerts. */
  public static final String EGRESS = "fraud-alerts";

  /** The egress of logins the window closed on before they became an alert. */
  public static final String ABANDONED = "abandoned-logins";

  /** An event: what the user did and when. */
  public record Action(String action, long at) {
    /** Its JSON form. */
    public static final Type<Action> JSON = Types.json(Action.class);
  }

  /** An alert: the login's time and the failures' times. */
  public record Alert(String user, long login, List<Long> failures) {
    /** Its JSON form. */
    public static final Type<Alert> JSON = Types.json(Alert.class);
  }

  /** A login that did not become an alert within the window. */
  public record Abandoned(String user, long login) {
    /** Its JSON form. */
    public static final Type<Abandoned> JSON = Types.json(Abandoned.class);
  }

  /** The registered function type. */
  public static final CepSpec<Action> SPEC =
      CepSpec.builder(TYPE, Action.JSON, pattern())
          .process(
              (context, match, timestamp) ->
                  context.egress(
                      EGRESS,
                      Alert.JSON,
                      new Alert(
                          context.self().id(),
                          times(match, "login").get(0),
                          times(match, "failures"))))
          .onTimedOut(
              (context, partial, timestamp) ->
                  context.egress(
                      ABANDONED,
                      Abandoned.JSON,
                      new Abandoned(context.self().id(), times(partial, "login").get(0))))
          .build();

  private FraudAlerts() {}

  static Pattern<Action> pattern() {
    return Pattern.<Action>begin("login", AfterMatchSkipStrategy.skipPastLastEvent())
        .where(event -> event.action().equals("login"))
        .next("failures")
        .where(event -> event.action().equals("fail"))
        .times(3)
        .consecutive()
        .within(Duration.ofMinutes(1));
  }

  private static List<Long> times(Map<String, List<Action>> match, String step) {
    return match.getOrDefault(step, List.of()).stream().map(Action::at).toList();
  }
}
