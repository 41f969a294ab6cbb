package io.eventide.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.eventide.protocol.Address;
import io.eventide.protocol.FunctionRuntimeGrpc;
import io.eventide.protocol.Invocation;
import io.eventide.protocol.InvocationBatch;
import io.eventide.protocol.InvocationBatchResult;
import io.eventide.protocol.InvocationMessage;
import io.eventide.protocol.InvocationResult;
import io.eventide.protocol.MessageEffects;
import io.eventide.protocol.Payload;
import io.eventide.protocol.StateValue;
import io.eventide.worker.api.RegisteredFunction;
import io.eventide.worker.api.WorkerConfig;
import io.eventide.worker.internal.JarLoader;
import io.eventide.worker.internal.LoadedJar;
import io.eventide.worker.testing.JarBuilder;
import io.eventide.worker.testing.TestJars;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime over real in-process gRPC, with jars loaded directly (no store). */
class FunctionRuntimeServiceTest {
  @TempDir Path dir;

  private final Map<String, RegisteredFunction> functions = new ConcurrentHashMap<>();
  private final List<AutoCloseable> resources = new ArrayList<>();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private FunctionRuntimeGrpc.FunctionRuntimeBlockingStub stub;

  private void start(WorkerConfig config, byte[]... jars) throws Exception {
    JarLoader loader = new JarLoader(config.withScratchDir(dir.resolve("scratch")));
    for (int i = 0; i < jars.length; i++) {
      LoadedJar jar = loader.load("d-" + i, jars[i]);
      resources.add(jar);
      jar.functions().forEach((type, fn) -> functions.put(type.toString(), fn));
    }
    FunctionRuntimeService service =
        new FunctionRuntimeService(
            (ns, type) -> Optional.ofNullable(functions.get(ns + "/" + type)), config, meters);
    resources.add(service);
    String name = InProcessServerBuilder.generateName();
    Server server = InProcessServerBuilder.forName(name).addService(service).build().start();
    resources.add(() -> server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
    resources.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    stub = FunctionRuntimeGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  static Address address(String type, String id) {
    return Address.newBuilder().setNamespace("acme").setType(type).setId(id).build();
  }

  static InvocationMessage text(String body, long eventTime) {
    return InvocationMessage.newBuilder()
        .setPayload(
            Payload.newBuilder()
                .setContentType("text/plain")
                .setData(ByteString.copyFromUtf8(body)))
        .setEventTime(eventTime)
        .setWatermark(eventTime - 1)
        .build();
  }

  static Invocation invocation(Address target, InvocationMessage... messages) {
    return Invocation.newBuilder().setTarget(target).addAllMessages(List.of(messages)).build();
  }

  private InvocationBatchResult invoke(Invocation... invocations) {
    return stub.invoke(
        InvocationBatch.newBuilder().addAllInvocations(List.of(invocations)).build());
  }

  private static String utf8(ByteString bytes) {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void runsMessagesInOrderAgainstTheGivenStateAndReturnsPerMessageEffects() throws Exception {
    start(WorkerConfig.defaults(), TestJars.counter(dir));
    Address alice = address("counter", "alice");
    Invocation invocation =
        invocation(alice, text("a", 100), text("b", 200)).toBuilder()
            .addState(
                StateValue.newBuilder().setName("count").setValue(ByteString.copyFromUtf8("41")))
            .build();

    InvocationResult result = invoke(invocation).getResults(0);

    assertThat(result.getTarget()).isEqualTo(alice);
    assertThat(result.hasFailure()).isFalse();
    assertThat(result.getHandled()).isEqualTo(2);
    assertThat(result.getStateList())
        .containsExactly(
            StateValue.newBuilder()
                .setName("count")
                .setValue(ByteString.copyFromUtf8("43"))
                .build());
    MessageEffects first = result.getEffects(0);
    assertThat(first.getMessagesList())
        .singleElement()
        .satisfies(
            out -> {
              assertThat(out.getTarget()).isEqualTo(address("sink", "alice"));
              assertThat(utf8(out.getPayload().getData())).isEqualTo("42");
              assertThat(out.getEventTime()).isEqualTo(100);
              assertThat(out.getDelayMillis()).isZero();
            });
    // The timer at 110 the first message registered fires before the second (watermark 199),
    // as Flink's timer service would: its registration is gone and its egress joins the first's.
    assertThat(first.getEgressList())
        .extracting(e -> e.getEgress() + ":" + utf8(e.getPayload().getData()))
        .containsExactly("log:count=42 caller=- wm=99", "timers:fired 110");
    assertThat(first.getHasReply()).isTrue();
    assertThat(utf8(first.getReply().getData())).isEqualTo("42");
    assertThat(first.getTimersList()).isEmpty();
    assertThat(result.getEffects(1).getTimersList()).containsExactly(210L);
    assertThat(utf8(result.getEffects(1).getReply().getData())).isEqualTo("43");
    assertThat(result.getEffects(1).getTimersList()).containsExactly(210L);
  }

  @Test
  void passesTheCallerAndFiresTimers() throws Exception {
    start(WorkerConfig.defaults(), TestJars.counter(dir));
    InvocationMessage called = text("x", 5).toBuilder().setCaller(address("other", "bob")).build();
    InvocationMessage timer =
        InvocationMessage.newBuilder().setTimer(true).setEventTime(15).setWatermark(20).build();

    InvocationResult result =
        invoke(invocation(address("counter", "c"), called, timer)).getResults(0);

    assertThat(result.getHandled()).isEqualTo(2);
    assertThat(utf8(result.getEffects(0).getEgress(0).getPayload().getData()))
        .contains("caller=acme/other/bob");
    // "x" registered the timer at 15 that the store's firing stands for too: a timer is one per
    // address and time, so it fires once, here before the stored firing, which then does nothing.
    assertThat(result.getEffects(0).getEgressList())
        .extracting(e -> utf8(e.getPayload().getData()))
        .containsOnlyOnce("fired 15");
    assertThat(result.getEffects(0).getTimersList()).isEmpty();
    assertThat(result.getEffects(1).getEgressList()).isEmpty();
  }

  @Test
  void aTimerDeletedByAnEarlierMessageOfTheInvocationDoesNotFire() throws Exception {
    start(WorkerConfig.defaults(), TestJars.counter(dir));
    InvocationMessage timer =
        InvocationMessage.newBuilder().setTimer(true).setEventTime(15).setWatermark(20).build();
    InvocationMessage processing =
        InvocationMessage.newBuilder()
            .setProcessingTimer(true)
            .setEventTime(30)
            .setWatermark(20)
            .build();

    InvocationResult result =
        invoke(invocation(address("counter", "d"), text("delete:15:30", 5), timer, processing))
            .getResults(0);

    assertThat(result.getHandled()).isEqualTo(3);
    assertThat(result.getEffects(0).getDeletedTimersList()).containsExactly(15L);
    assertThat(result.getEffects(0).getDeletedProcessingTimersList()).containsExactly(30L);
    assertThat(result.getEffects(1).getEgressList()).isEmpty();
    assertThat(result.getEffects(2).getEgressList()).isEmpty();
  }

  @Test
  void stopsAtTheFirstFailureKeepingTheEffectsBeforeIt() throws Exception {
    start(WorkerConfig.defaults(), TestJars.counter(dir));

    InvocationResult result =
        invoke(invocation(address("counter", "bob"), text("a", 1), text("fail", 2), text("c", 3)))
            .getResults(0);

    assertThat(result.getHandled()).isEqualTo(1);
    assertThat(result.getFailure().getCode()).isEqualTo("HANDLER_ERROR");
    assertThat(result.getFailure().getExceptionClass())
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(result.getFailure().getMessage()).isEqualTo("boom on bob");
    assertThat(result.getEffectsList()).hasSize(1);
    assertThat(result.getStateList())
        .singleElement()
        .satisfies(v -> assertThat(utf8(v.getValue())).isEqualTo("1"));
    assertThat(
            meters
                .counter(
                    "eventide.worker.failures", "type", "acme/counter", "code", "HANDLER_ERROR")
                .count())
        .isEqualTo(1.0);
  }

  @Test
  void reportsRemovedStateAndTreatsRemovedInputAsUnset() throws Exception {
    start(WorkerConfig.defaults(), TestJars.counter(dir));
    Invocation invocation =
        invocation(address("counter", "r"), text("a", 1), text("reset", 2)).toBuilder()
            .addState(
                StateValue.newBuilder()
                    .setName("count")
                    .setValue(ByteString.copyFromUtf8("9"))
                    .setRemoved(true))
            .build();

    InvocationResult result = invoke(invocation).getResults(0);

    assertThat(utf8(result.getEffects(0).getReply().getData())).isEqualTo("1");
    assertThat(result.getStateList())
        .containsExactly(StateValue.newBuilder().setName("count").setRemoved(true).build());
  }

  @Test
  void answersUnknownFunctionWithoutAffectingTheRestOfTheBatch() throws Exception {
    start(WorkerConfig.defaults(), TestJars.counter(dir));

    InvocationBatchResult result =
        invoke(
            invocation(address("nope", "x"), text("a", 1)),
            invocation(address("counter", "y"), text("a", 1)));

    assertThat(result.getResults(0).getHandled()).isZero();
    assertThat(result.getResults(0).getFailure().getCode()).isEqualTo("UNKNOWN_FUNCTION");
    assertThat(result.getResults(0).getFailure().getMessage()).contains("acme/nope");
    assertThat(result.getResults(1).getHandled()).isEqualTo(1);
    assertThat(result.getResults(1).hasFailure()).isFalse();
  }

  @Test
  void timesOutAStuckHandlerKeepingWhatItFinished() throws Exception {
    start(
        WorkerConfig.defaults().withHandlerTimeout(Duration.ofMillis(300)), TestJars.counter(dir));

    InvocationResult result =
        invoke(invocation(address("counter", "slow"), text("a", 1), text("sleep", 2), text("b", 3)))
            .getResults(0);

    assertThat(result.getFailure().getCode()).isEqualTo("TIMEOUT");
    assertThat(result.getHandled()).isEqualTo(1);
    assertThat(result.getEffectsList()).hasSize(1);
  }

  @Test
  void rejectsWhenTheBulkheadIsFull() throws Exception {
    WorkerConfig config =
        WorkerConfig.defaults()
            .withMaxConcurrentPerType(1)
            .withQueueCapacity(1)
            .withHandlerTimeout(Duration.ofMillis(500));
    start(config, TestJars.counter(dir));

    InvocationBatchResult result =
        invoke(
            invocation(address("counter", "1"), text("sleep", 1)),
            invocation(address("counter", "2"), text("sleep", 1)),
            invocation(address("counter", "3"), text("sleep", 1)));

    assertThat(result.getResultsList())
        .extracting(r -> r.getFailure().getCode())
        .containsExactly("TIMEOUT", "TIMEOUT", "REJECTED");
  }

  @Test
  void encodesNoReplyForAMessageWhoseReplyNobodyAwaits() throws Exception {
    start(WorkerConfig.defaults(), TestJars.counter(dir));
    InvocationMessage sent = text("a", 100).toBuilder().setReplyUnused(true).build();

    InvocationResult result =
        invoke(invocation(address("counter", "bob"), sent, text("b", 200))).getResults(0);

    // Everything else of the sent message stands; the called one's reply is there.
    assertThat(result.getHandled()).isEqualTo(2);
    assertThat(result.getEffects(0).getHasReply()).isFalse();
    // Its own egress, and that of the timer it registered, which fires before the second message.
    assertThat(result.getEffects(0).getEgressList())
        .extracting(e -> e.getEgress())
        .containsExactly("log", "timers");
    assertThat(result.getEffects(0).getMessagesCount()).isEqualTo(1);
    assertThat(utf8(result.getEffects(1).getReply().getData())).isEqualTo("2");
  }

  @Test
  void runsABatchOfManyMoreInvocationsThanThreadsAndAnswersEachInItsPlace() throws Exception {
    start(WorkerConfig.defaults().withMaxConcurrentPerType(2), TestJars.counter(dir));
    List<Invocation> invocations = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      // Address i has i % 3 + 1 messages, so each result's count says whose it is.
      List<InvocationMessage> messages = new ArrayList<>();
      for (int m = 0; m <= i % 3; m++) {
        messages.add(text("m", 100 + m));
      }
      invocations.add(
          invocation(address("counter", "k" + i), messages.toArray(InvocationMessage[]::new)));
    }

    InvocationBatchResult result = invoke(invocations.toArray(Invocation[]::new));

    assertThat(result.getResultsCount()).isEqualTo(500);
    for (int i = 0; i < 500; i++) {
      InvocationResult one = result.getResults(i);
      assertThat(one.getTarget()).isEqualTo(address("counter", "k" + i));
      assertThat(one.hasFailure()).isFalse();
      assertThat(one.getHandled()).isEqualTo(i % 3 + 1);
      assertThat(utf8(one.getState(0).getValue())).isEqualTo(String.valueOf(i % 3 + 1));
    }
  }

  @Test
  void aStuckInvocationHoldsBackNoOtherInvocationOfItsBatch() throws Exception {
    start(
        WorkerConfig.defaults()
            .withMaxConcurrentPerType(2)
            .withHandlerTimeout(Duration.ofSeconds(1)),
        TestJars.counter(dir));
    List<Invocation> invocations = new ArrayList<>();
    invocations.add(invocation(address("counter", "stuck"), text("sleep", 1)));
    for (int i = 0; i < 20; i++) {
      invocations.add(invocation(address("counter", "k" + i), text("m", 1)));
    }

    long started = System.nanoTime();
    InvocationBatchResult result = invoke(invocations.toArray(Invocation[]::new));

    // Only the stuck one waits for the limit: the other lane takes every invocation behind it.
    assertThat(result.getResults(0).getFailure().getCode()).isEqualTo("TIMEOUT");
    assertThat(result.getResultsList().subList(1, 21))
        .allSatisfy(
            r -> {
              assertThat(r.hasFailure()).isFalse();
              assertThat(r.getHandled()).isEqualTo(1);
            });
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void runsHandlersOnNamedHandlerThreadsWithTheDeploymentsContextClassLoader() throws Exception {
    byte[] probe =
        JarBuilder.in(dir)
            .source(
                "acme.Probe",
                """
            package acme;
            import io.eventide.sdk.*;
            public class Probe implements StatefulFunction {
              public void apply(Context ctx, Message m) {
                Thread t = Thread.currentThread();
                ctx.reply(Types.STRING, (t.getContextClassLoader() == getClass().getClassLoader()) + " " + t.getName());
              }
            }
            """)
            .source(
                "acme.Module",
                """
            package acme;
            import io.eventide.sdk.*;
            public class Module implements FunctionModule {
              public void configure(FunctionRegistry registry) {
                registry.register(TypeName.of("acme", "probe"), Probe::new);
              }
            }
            """)
            .module("acme.Module")
            .build();
    start(WorkerConfig.defaults(), probe);

    InvocationResult result = invoke(invocation(address("probe", "p"), text("?", 1))).getResults(0);

    assertThat(utf8(result.getEffects(0).getReply().getData()))
        .startsWith("true eventide-handler-acme/probe-");
    assertThat(meters.counter("eventide.worker.invocations", "type", "acme/probe").count())
        .isEqualTo(1.0);
    assertThat(meters.timer("eventide.worker.invocation.duration", "type", "acme/probe").count())
        .isEqualTo(1L);
  }

  @Test
  void twoJarsWithTheSameClassNameBehaveDifferently() throws Exception {
    start(
        WorkerConfig.defaults(),
        TestJars.greeter(dir, "hello-a", "hello"),
        TestJars.greeter(dir, "hello-b", "bonjour"));

    InvocationBatchResult result =
        invoke(
            invocation(address("hello-a", "x"), text("ann", 1)),
            invocation(address("hello-b", "x"), text("ann", 1)));

    assertThat(utf8(result.getResults(0).getEffects(0).getReply().getData()))
        .isEqualTo("hello ann");
    assertThat(utf8(result.getResults(1).getEffects(0).getReply().getData()))
        .isEqualTo("bonjour ann");
  }

  @Test
  void firesProcessingTimersAndReportsTheOnesHandlersRegister() throws Exception {
    start(WorkerConfig.defaults(), TestJars.clock(dir));
    long before = System.currentTimeMillis();
    InvocationMessage due =
        InvocationMessage.newBuilder()
            .setProcessingTimer(true)
            .setEventTime(1_000)
            .setWatermark(5)
            .build();
    long future = before + 3_600_000;
    InvocationMessage early =
        InvocationMessage.newBuilder().setProcessingTimer(true).setEventTime(future).build();
    InvocationMessage eventTime =
        InvocationMessage.newBuilder().setTimer(true).setEventTime(7).build();

    InvocationResult result =
        invoke(invocation(address("alarm", "a"), text("5000", 1), due, early, eventTime))
            .getResults(0);
    long after = System.currentTimeMillis();

    assertThat(result.hasFailure()).as("failure %s", result.getFailure()).isFalse();
    MessageEffects registered = result.getEffects(0);
    long now =
        Long.parseLong(
            utf8(registered.getEgress(0).getPayload().getData()).substring("now=".length()));
    assertThat(now).as("the worker's wall clock").isBetween(before, after);
    assertThat(registered.getProcessingTimersList()).containsExactly(now + 5_000);
    assertThat(registered.getTimersList()).isEmpty();
    assertThat(utf8(result.getEffects(1).getEgress(0).getPayload().getData()))
        .startsWith("alarm 1000 now=");
    assertThat(result.getEffects(1).getEgress(0).getEventTime()).isEqualTo(1_000);
    assertThat(utf8(result.getEffects(2).getEgress(0).getPayload().getData()))
        .as("a timer fired by a clock ahead of this one still sees its own time")
        .isEqualTo("alarm " + future + " now=" + future);
    assertThat(utf8(result.getEffects(3).getEgress(0).getPayload().getData()))
        .isEqualTo("event-time 7");
  }

  @Test
  void runsProcessingTimeWindowsOnTheWorkersClockAndFiresThemByProcessingTimers() throws Exception {
    start(WorkerConfig.defaults(), TestJars.clock(dir));
    long hour = 3_600_000;
    long before = System.currentTimeMillis();

    InvocationResult added =
        invoke(invocation(address("hourly", "k"), text("x", 1), text("y", 2))).getResults(0);
    assertThat(added.hasFailure()).as("failure %s", added.getFailure()).isFalse();
    long end = added.getEffects(0).getProcessingTimers(0) + 1;
    assertThat(end % hour).as("an hour window by the worker's clock").isZero();
    assertThat(end).isGreaterThan(before).isLessThanOrEqualTo(before + 2 * hour);
    assertThat(added.getEffects(0).getProcessingTimersList())
        .as("one timer per window")
        .containsExactly(end - 1);
    assertThat(added.getEffects(0).getTimersList()).as("no event-time timers").isEmpty();
    // Both messages are in one window (whose timer is set already) unless the hour turned between
    // them.
    long expected = added.getEffects(1).getProcessingTimersList().isEmpty() ? 2 : 1;

    Invocation fire =
        invocation(
                address("hourly", "k"),
                InvocationMessage.newBuilder()
                    .setProcessingTimer(true)
                    .setEventTime(end - 1)
                    .build())
            .toBuilder()
            .addAllState(added.getStateList())
            .build();
    InvocationResult fired = invoke(fire).getResults(0);

    assertThat(fired.hasFailure()).as("failure %s", fired.getFailure()).isFalse();
    assertThat(utf8(fired.getEffects(0).getEgress(0).getPayload().getData()))
        .isEqualTo((end - hour) + ".." + end + "=" + expected);
    if (expected == 2) {
      assertThat(fired.getStateList())
          .as("cleaned up")
          .singleElement()
          .satisfies(v -> assertThat(v.getRemoved()).isTrue());
    }
  }
}
