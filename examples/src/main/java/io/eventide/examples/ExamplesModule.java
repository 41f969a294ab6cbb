package io.eventide.examples;

import io.eventide.sdk.FunctionModule;
import io.eventide.sdk.FunctionRegistry;

/**
 * Registers the example functions; the platform finds it through {@code
 * META-INF/services/io.eventide.sdk.FunctionModule} when the examples jar is deployed.
 *
 * <pre>{@code
 * FunctionTestDriver driver = FunctionTestDriver.of(new ExamplesModule());
 * }</pre>
 */
public final class ExamplesModule implements FunctionModule {
  @Override
  public void configure(FunctionRegistry registry) {
    registry.register(Counter.TYPE, Counter::new, Counter.COUNT);
    registry.register(KeyedCount.TYPE, KeyedCount::new, KeyedCount.COUNT);
    registry.register(Greeter.TYPE, Greeter::new, Greeter.SEEN);
    registry.register(Notifier.TYPE, Notifier::new, Notifier.SENT);
    registry.register(Fanout.TYPE, Fanout::new);
    registry.register(Reminder.TYPE, Reminder::new);
    registry.register(
        PaymentReminder.TYPE,
        PaymentReminder::new,
        PaymentReminder.REMINDER,
        PaymentReminder.EXPIRES);
    registry.register(Failing.TYPE, Failing::new);
    registry.register(Stuck.TYPE, Stuck::new);
    registry.register(WindowCount.SPEC);
    registry.register(WindowCount.WARMUP_SPEC);
    registry.register(WindowCount.LATE_SPEC);
    registry.register(WindowCount.LATE_WARMUP_SPEC);
    registry.register(RecentPrices.SPEC);
    registry.register(FraudAlerts.SPEC.functionSpec());
    registry.register(Session.TYPE, Session::new, Session.VIEWS);
  }
}
