package io.eventide.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Versions of test functions, compiled at test time. Two of {@code dlq/counter}: a broken one that
 * throws on every message (its messages are dead-lettered), and the fix, which counts messages in
 * {@code count} and keeps the last event time it saw in {@code eventTime}. The fix can be gated:
 * each attempt then first writes a file {@code started-*} into the gate directory and waits until a
 * file {@code open} appears there, so a test knows that a message is being handled and not yet
 * committed.
 */
final class ReplayVersions {
  static final String TYPE = "dlq/counter";
  static final String BROKEN = "dlq/counter v1 is broken";

  private static final String MODULE =
      """
      package dlq;
      public final class DlqModule implements io.eventide.sdk.FunctionModule {
        @Override public void configure(io.eventide.sdk.FunctionRegistry registry) {
          registry.register(io.eventide.sdk.TypeName.of("dlq", "counter"), Counter::new,
              Counter.COUNT, Counter.EVENT_TIME);
        }
      }
      """;

  private static final String FUNCTION =
      """
      package dlq;
      import io.eventide.sdk.*;
      public final class Counter implements StatefulFunction {
        static final ValueSpec<Long> COUNT = ValueSpec.named("count").withType(Types.LONG);
        static final ValueSpec<Long> EVENT_TIME = ValueSpec.named("eventtime").withType(Types.LONG);
        @Override public void apply(Context context, Message message) throws Exception {
          %s
          context.storage().set(COUNT, context.storage().get(COUNT).orElse(0L) + 1);
          context.storage().set(EVENT_TIME, message.eventTime());
        }
      }
      """;

  private ReplayVersions() {}

  /** Throws on every message. */
  static byte[] broken(Path workDir) {
    return jar(
        workDir, "if (message != null) { throw new IllegalStateException(\"" + BROKEN + "\"); }");
  }

  /** Counts every message at once. */
  static byte[] fixed(Path workDir) {
    return jar(workDir, "");
  }

  /** Counts, each attempt first announcing itself in {@code gate} and waiting for its opening. */
  static byte[] gated(Path workDir, Path gate) {
    String dir = gate.toAbsolutePath().toString().replace("\\", "\\\\");
    return jar(
        workDir,
        "java.nio.file.Path gate = java.nio.file.Path.of(\""
            + dir
            + "\");\n"
            + "java.nio.file.Files.createFile(gate.resolve(\"started-\" + System.nanoTime()));\n"
            + "while (!java.nio.file.Files.exists(gate.resolve(\"open\"))) {"
            + " Thread.sleep(20); }");
  }

  /** {@code ver/echo}: every call is answered with {@code reply}, to tell versions apart. */
  static byte[] echo(Path workDir, String reply) {
    String module =
        """
        package ver;
        import io.eventide.sdk.*;
        public final class Echo implements FunctionModule, StatefulFunction {
          @Override public void configure(FunctionRegistry registry) {
            registry.register(TypeName.of("ver", "echo"), Echo::new);
          }
          @Override public void apply(Context context, Message message) {
            context.reply(Types.STRING, "%s");
          }
        }
        """
            .formatted(reply);
    return BrokenJars.jar(workDir, Map.of("ver.Echo", module), "ver.Echo", List.of());
  }

  /**
   * {@code dlq/window}: counts messages in one-second tumbling windows with one second of allowed
   * lateness, writing {@code start:count} to {@code dlq-windows} per firing and {@code late:<event
   * time>} to {@code dlq-late} per late message; when {@code broken}, a message {@code bad} makes
   * the count throw.
   */
  static byte[] windowed(Path workDir, boolean broken) {
    String module =
        """
        package dlqw;
        import io.eventide.sdk.*;
        import java.time.Duration;
        public final class Module implements FunctionModule {
          @Override public void configure(FunctionRegistry registry) {
            registry.register(WindowedFunctionSpec.builder(TypeName.of("dlq", "window"))
                .window(Windows.tumbling(Duration.ofSeconds(1)))
                .allowedLateness(Duration.ofSeconds(1))
                .aggregate(new Count(), (context, window, count) ->
                    context.egress("dlq-windows", Types.STRING, window.start() + ":" + count))
                .onLateMessage((context, message) ->
                    context.egress("dlq-late", Types.STRING, "late:" + message.eventTime()))
                .build());
          }
          static final class Count implements AggregateFunction<Long, Long> {
            @Override public Long createAccumulator() { return 0L; }
            @Override public Long add(Message message, Long count) {
              if (%s && message.as(Types.STRING).equals("bad")) {
                throw new IllegalStateException("dlq/window cannot count bad");
              }
              return count + 1;
            }
            @Override public Long merge(Long a, Long b) { return a + b; }
            @Override public Long getResult(Long count) { return count; }
            @Override public Type<Long> accumulatorType() { return Types.LONG; }
          }
        }
        """
            .formatted(broken);
    return BrokenJars.jar(workDir, Map.of("dlqw.Module", module), "dlqw.Module", List.of());
  }

  private static byte[] jar(Path workDir, String before) {
    Map<String, String> sources =
        Map.of("dlq.Counter", FUNCTION.formatted(before), "dlq.DlqModule", MODULE);
    return BrokenJars.jar(workDir, sources, "dlq.DlqModule", List.of());
  }
}
