package io.eventide.worker.testing;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** Function jars the worker tests deploy, compiled at test time by {@link JarBuilder}. */
public final class TestJars {
  /** Compiling takes most of a test's time; each jar is built once per JVM. */
  private static final Map<String, byte[]> BUILT = new ConcurrentHashMap<>();

  private TestJars() {}

  private static byte[] cached(String key, Supplier<byte[]> build) {
    return BUILT.computeIfAbsent(key, k -> build.get()).clone();
  }

  /**
   * {@code acme/counter}: counts messages in state {@code count}; per message it sends the count to
   * {@code acme/sink/<id>}, writes {@code count=<n>} to egress {@code log}, replies the count and
   * registers a timer at event time + 10. Body {@code fail} throws, {@code sleep} blocks until
   * interrupted, {@code reset} removes the count, {@code delete:E:P} deletes the event-time timer
   * at E and the processing-time timer at P. A timer writes {@code fired <t>} to {@code timers}.
   */
  public static final String COUNTER =
      """
      package acme;
      import io.eventide.sdk.*;
      public class Counter implements StatefulFunction {
        public static final ValueSpec<Long> COUNT = ValueSpec.named("count").withType(Types.LONG);
        public void apply(Context ctx, Message m) throws Exception {
          String body = m.as(Types.STRING);
          if (body.equals("fail")) throw new IllegalStateException("boom on " + ctx.self().id());
          if (body.equals("sleep")) Thread.sleep(120_000);
          if (body.equals("reset")) { ctx.storage().remove(COUNT); return; }
          if (body.startsWith("delete:")) {
            String[] times = body.split(":");
            ctx.deleteEventTimeTimer(Long.parseLong(times[1]));
            ctx.deleteProcessingTimeTimer(Long.parseLong(times[2]));
            return;
          }
          long n = ctx.storage().get(COUNT).orElse(0L) + 1;
          ctx.storage().set(COUNT, n);
          ctx.send(Address.of("acme", "sink", ctx.self().id()), Types.LONG, n);
          ctx.egress("log", Types.STRING, "count=" + n + " caller=" + ctx.caller().map(Object::toString).orElse("-")
              + " wm=" + ctx.currentWatermark());
          ctx.reply(Types.LONG, n);
          ctx.registerEventTimeTimer(m.eventTime() + 10);
        }
        @Override
        public void onTimer(Context ctx, long ts) {
          ctx.egress("timers", Types.STRING, "fired " + ts);
        }
      }
      """;

  public static final String COUNTER_MODULE =
      """
      package acme;
      import io.eventide.sdk.*;
      public class Module implements FunctionModule {
        public void configure(FunctionRegistry registry) {
          registry.register(TypeName.of("acme", "counter"), Counter::new, Counter.COUNT);
        }
      }
      """;

  private static final String WINDOWED_MODULE =
      """
      package acme;

      import io.eventide.sdk.*;

      public final class Windowed implements FunctionModule {
        static final class Tally implements AggregateFunction<Long, Long> {
          public Long createAccumulator() { return 0L; }
          public Long add(Message message, Long acc) { return acc + 1; }
          public Long merge(Long a, Long b) { return a + b; }
          public Long getResult(Long acc) { return acc; }
          public Type<Long> accumulatorType() { return Types.LONG; }
        }

        @Override
        public void configure(FunctionRegistry registry) {
          registry.register(WindowedFunctionSpec.builder(TypeName.of("acme", "pairs"))
              .window(Windows.global())
              .trigger(Triggers.count(2))
              .aggregate(new Tally(), (context, window, total) ->
                  context.egress("pairs", Types.STRING, context.self().id() + "=" + total))
              .build());
        }
      }
      """;

  /**
   * {@code acme/alarm}: a body {@code D} registers a processing-time timer D ms after {@code
   * currentProcessingTime()} and writes {@code now=<pt>} to egress {@code log}; a processing-time
   * timer writes {@code alarm <t> now=<pt>}, an event-time one {@code event-time <t>}.
   */
  public static final String ALARM =
      """
      package acme;
      import io.eventide.sdk.*;
      public class Alarm implements StatefulFunction {
        public void apply(Context ctx, Message m) {
          long now = ctx.currentProcessingTime();
          ctx.registerProcessingTimeTimer(now + Long.parseLong(m.as(Types.STRING)));
          ctx.egress("log", Types.STRING, "now=" + now);
        }
        @Override
        public void onProcessingTimer(Context ctx, long ts) {
          ctx.egress("log", Types.STRING, "alarm " + ts + " now=" + ctx.currentProcessingTime());
        }
        @Override
        public void onTimer(Context ctx, long ts) {
          ctx.egress("log", Types.STRING, "event-time " + ts);
        }
      }
      """;

  private static final String CLOCK_MODULE =
      """
      package acme;

      import io.eventide.sdk.*;
      import java.time.Duration;

      public final class Clock implements FunctionModule {
        static final class Tally implements AggregateFunction<Long, Long> {
          public Long createAccumulator() { return 0L; }
          public Long add(Message message, Long acc) { return acc + 1; }
          public Long merge(Long a, Long b) { return a + b; }
          public Long getResult(Long acc) { return acc; }
          public Type<Long> accumulatorType() { return Types.LONG; }
        }

        @Override
        public void configure(FunctionRegistry registry) {
          registry.register(TypeName.of("acme", "alarm"), Alarm::new);
          registry.register(WindowedFunctionSpec.builder(TypeName.of("acme", "hourly"))
              .window(Windows.tumblingProcessingTime(Duration.ofHours(1)))
              .aggregate(new Tally(), (context, window, total) ->
                  context.egress("hourly", Types.STRING, window.start() + ".." + window.end() + "=" + total))
              .build());
          registry.register(SourceSpec.named("clicks")
              .outOfOrderness(Duration.ofSeconds(2)).idleTimeout(Duration.ofSeconds(30)).build());
          registry.register(SourceSpec.named("ledger").explicitWatermarks().build());
          registry.register(SourceSpec.named("clicks")
              .outOfOrderness(Duration.ofMillis(2000)).idleTimeout(Duration.ofSeconds(30)).build());
        }
      }
      """;

  /**
   * Processing time: {@code acme/alarm} (see {@link #ALARM}) and {@code acme/hourly}, counting per
   * hour of processing time into egress {@code hourly}; registers sources {@code clicks} (2 s out
   * of orderness, 30 s idle; twice, identically) and {@code ledger} (explicit watermarks).
   */
  public static byte[] clock(Path dir) {
    return cached(
        "clock",
        () ->
            JarBuilder.in(dir)
                .source("acme.Alarm", ALARM)
                .source("acme.Clock", CLOCK_MODULE)
                .module("acme.Clock")
                .build());
  }

  /**
   * A jar serving {@code acme/<type>} (it does nothing) whose module registers source {@code
   * clicks} with the given out-of-orderness, and, when {@code conflicting}, again with another.
   */
  public static byte[] clicks(
      Path dir, String type, long outOfOrdernessMillis, boolean conflicting) {
    return cached(
        "clicks " + type + " " + outOfOrdernessMillis + " " + conflicting,
        () ->
            JarBuilder.in(dir)
                .source(
                    "acme.Module",
                    """
            package acme;
            import io.eventide.sdk.*;
            import java.time.Duration;
            public class Module implements FunctionModule {
              public void configure(FunctionRegistry registry) {
                registry.register(TypeName.of("acme", "%s"), () -> (ctx, m) -> {});
                registry.register(SourceSpec.named("clicks").outOfOrderness(Duration.ofMillis(%d)).build());
                if (%b) {
                  registry.register(SourceSpec.named("clicks").outOfOrderness(Duration.ofMillis(%d + 1)).build());
                }
              }
            }
            """
                        .formatted(type, outOfOrdernessMillis, conflicting, outOfOrdernessMillis))
                .module("acme.Module")
                .build());
  }

  /** A jar whose module registers a windowed function type, {@code acme/pairs}, firing every 2. */
  public static byte[] windowed(Path dir) {
    return cached(
        "windowed",
        () ->
            JarBuilder.in(dir)
                .source("acme.Windowed", WINDOWED_MODULE)
                .module("acme.Windowed")
                .build());
  }

  /** The counter jar. */
  public static byte[] counter(Path dir) {
    return cached(
        "counter",
        () ->
            JarBuilder.in(dir)
                .source("acme.Counter", COUNTER)
                .source("acme.Module", COUNTER_MODULE)
                .module("acme.Module")
                .build());
  }

  /**
   * A jar with class {@code acme.Greeter} (the same name in every such jar) replying {@code
   * greeting}, served as {@code acme/<type>}.
   */
  public static byte[] greeter(Path dir, String type, String greeting) {
    return cached(
        "greeter " + type + " " + greeting,
        () ->
            JarBuilder.in(dir)
                .source(
                    "acme.Greeter",
                    """
            package acme;
            import io.eventide.sdk.*;
            public class Greeter implements StatefulFunction {
              public void apply(Context ctx, Message m) {
                ctx.reply(Types.STRING, "%s " + m.as(Types.STRING));
              }
            }
            """
                        .formatted(greeting))
                .source(
                    "acme.Module",
                    """
            package acme;
            import io.eventide.sdk.*;
            public class Module implements FunctionModule {
              public void configure(FunctionRegistry registry) {
                registry.register(TypeName.of("acme", "%s"), Greeter::new);
              }
            }
            """
                        .formatted(type))
                .module("acme.Module")
                .build());
  }

  /** A jar whose module uses {@code acme.Helper}, which was compiled but left out of the jar. */
  public static byte[] missingHelper(Path dir) {
    return cached(
        "missing-helper",
        () ->
            JarBuilder.in(dir)
                .source(
                    "acme.Helper",
                    "package acme; public class Helper { public static String name() { return \"x\"; } }")
                .source(
                    "acme.Module",
                    """
            package acme;
            import io.eventide.sdk.*;
            public class Module implements FunctionModule {
              public void configure(FunctionRegistry registry) {
                registry.register(TypeName.of("acme", Helper.name()), () -> (ctx, m) -> {});
              }
            }
            """)
                .module("acme.Module")
                .exclude("acme.Helper")
                .build());
  }
}
