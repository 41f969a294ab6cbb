package io.eventide.worker;

import static io.eventide.worker.FunctionRuntimeServiceTest.address;
import static io.eventide.worker.FunctionRuntimeServiceTest.invocation;
import static io.eventide.worker.FunctionRuntimeServiceTest.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventide.protocol.Invocation;
import io.eventide.protocol.InvocationBatch;
import io.eventide.protocol.InvocationBatchPart;
import io.eventide.protocol.InvocationBatchResult;
import io.eventide.protocol.InvocationResult;
import io.eventide.worker.api.RegisteredFunction;
import io.eventide.worker.api.WorkerConfig;
import io.eventide.worker.internal.JarLoader;
import io.eventide.worker.internal.LoadedJar;
import io.eventide.worker.testing.JarBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Handlers that never return, against a real runtime with jars compiled from source: each costs its
 * own invocation a {@code TIMEOUT}, its thread is abandoned and replaced, and neither other keys of
 * its type nor other types nor closing the runtime wait for it.
 */
class StuckHandlersTest {
  /** Sleeps forever, swallowing interrupts, on the body {@code stuck}; counts otherwise. */
  private static final String STUBBORN =
      """
      package acme;
      import io.eventide.sdk.*;
      public class Stubborn implements StatefulFunction {
        static final ValueSpec<Long> COUNT = ValueSpec.named("count").withType(Types.LONG);
        public void apply(Context ctx, Message m) {
          if (m.as(Types.STRING).equals("stuck")) {
            while (true) {
              try { Thread.sleep(60_000); } catch (InterruptedException ignored) { }
            }
          }
          long n = ctx.storage().get(COUNT).orElse(0L) + 1;
          ctx.storage().set(COUNT, n);
          ctx.reply(Types.LONG, n);
        }
      }
      """;

  private static final String MODULE =
      """
      package acme;
      import io.eventide.sdk.*;
      import java.time.Duration;
      public class Module implements FunctionModule {
        public void configure(FunctionRegistry registry) {
          registry.register(TypeName.of("acme", "stubborn"), Stubborn::new, Stubborn.COUNT);
          registry.register(TypeName.of("acme", "other"), Stubborn::new, Stubborn.COUNT);
          registry.register(FunctionSpec.builder(TypeName.of("acme", "quick"))
              .withSupplier(Stubborn::new).withValueSpecs(Stubborn.COUNT)
              .withHandlerTimeout(Duration.ofMillis(200)).build());
        }
      }
      """;

  @TempDir Path dir;
  private final Map<String, RegisteredFunction> functions = new ConcurrentHashMap<>();
  private final List<AutoCloseable> resources = new ArrayList<>();
  private FunctionRuntimeService runtime;

  private void start(WorkerConfig config) throws Exception {
    byte[] jar =
        JarBuilder.in(dir)
            .source("acme.Stubborn", STUBBORN)
            .source("acme.Module", MODULE)
            .module("acme.Module")
            .build();
    LoadedJar loaded =
        new JarLoader(config.withScratchDir(dir.resolve("scratch"))).load("d-1", jar);
    resources.add(loaded);
    loaded.functions().forEach((type, fn) -> functions.put(type.toString(), fn));
    runtime =
        new FunctionRuntimeService(
            (ns, type) -> Optional.ofNullable(functions.get(ns + "/" + type)),
            config,
            new SimpleMeterRegistry());
    resources.add(runtime);
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  private static InvocationBatch batch(List<Invocation> invocations) {
    return InvocationBatch.newBuilder().addAllInvocations(invocations).build();
  }

  private InvocationBatchResult invoke(List<Invocation> invocations) throws Exception {
    return runtime.invokeAsync(batch(invocations)).get(20, TimeUnit.SECONDS);
  }

  @Test
  void aHandlerThatNeverReturnsTimesOutAndItsThreadIsReplaced() throws Exception {
    start(
        WorkerConfig.defaults()
            .withMaxConcurrentPerType(1)
            .withHandlerTimeout(Duration.ofMillis(300)));

    InvocationResult stuck =
        invoke(
                List.of(
                    invocation(
                        address("stubborn", "s"),
                        text("one", 1),
                        text("two", 2),
                        text("stuck", 3))))
            .getResults(0);

    // What it finished before the stuck call stands; the stuck call is the failure.
    assertThat(stuck.getFailure().getCode()).isEqualTo("TIMEOUT");
    assertThat(stuck.getFailure().getMessage()).contains("acme/stubborn", "did not return within");
    assertThat(stuck.getHandled()).isEqualTo(2);
    assertThat(stuck.getStateList())
        .as("the state as the second call left it, read while the third holds the handler")
        .singleElement()
        .satisfies(v -> assertThat(v.getValue().toStringUtf8()).isEqualTo("2"));
    await().atMost(Duration.ofSeconds(2)).until(() -> runtime.blockedThreads("acme/stubborn") == 1);
    // The type's only lane was abandoned: a fresh thread serves its next keys at once.
    long started = System.nanoTime();
    InvocationBatchResult next =
        invoke(List.of(invocation(address("stubborn", "a"), text("x", 1))));
    assertThat(next.getResults(0).hasFailure()).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(300));
  }

  @Test
  void otherKeysOfATypeDoNotWaitForItsBlockedHandlers() throws Exception {
    start(
        WorkerConfig.defaults()
            .withMaxConcurrentPerType(1)
            .withHandlerTimeout(Duration.ofSeconds(30)));
    List<Invocation> invocations = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      invocations.add(invocation(address("stubborn", "stuck" + i), text("stuck", 1)));
      invocations.add(invocation(address("stubborn", "k" + i), text("x", 1)));
    }
    BlockingQueue<InvocationBatchPart> parts = new LinkedBlockingQueue<>();

    runtime.invokeParts(batch(invocations), parts::add);

    // One lane, ten handlers that never return ahead of the others: each is set aside on a thread
    // of its own within a few hundred milliseconds, and the ten other keys are answered.
    List<Integer> answered = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              for (InvocationBatchPart part = parts.poll(); part != null; part = parts.poll()) {
                for (int k = 0; k < part.getIndexesCount(); k++) {
                  assertThat(part.getResults(k).hasFailure()).isFalse();
                  answered.add(part.getIndexes(k));
                }
              }
              return answered.size() == 10;
            });
    assertThat(answered).allSatisfy(i -> assertThat(i % 2).isEqualTo(1));
    assertThat(runtime.blockedThreads("acme/stubborn")).isEqualTo(10);
  }

  @Test
  void theOtherInvocationsOfABatchAreAnsweredBeforeAStuckOne() throws Exception {
    start(
        WorkerConfig.defaults()
            .withMaxConcurrentPerType(2)
            .withHandlerTimeout(Duration.ofSeconds(3)));
    List<Invocation> invocations = new ArrayList<>();
    invocations.add(invocation(address("stubborn", "stuck"), text("stuck", 1)));
    for (int i = 0; i < 50; i++) {
      invocations.add(
          invocation(address(i % 2 == 0 ? "stubborn" : "other", "k" + i), text("x", 1)));
    }
    BlockingQueue<InvocationBatchPart> parts = new LinkedBlockingQueue<>();
    long started = System.nanoTime();

    runtime.invokeParts(batch(invocations), parts::add);

    InvocationBatchPart first = parts.poll(2, TimeUnit.SECONDS);
    assertThat(first).as("a part before the stuck handler's timeout").isNotNull();
    assertThat(first.getLast()).isFalse();
    assertThat(first.getIndexesList()).hasSize(50).doesNotContain(0);
    assertThat(first.getResultsList()).allSatisfy(r -> assertThat(r.hasFailure()).isFalse());
    InvocationBatchPart last = parts.poll(10, TimeUnit.SECONDS);
    assertThat(last).isNotNull();
    assertThat(last.getLast()).isTrue();
    assertThat(last.getIndexesList()).containsExactly(0);
    assertThat(last.getResults(0).getFailure().getCode()).isEqualTo("TIMEOUT");
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void aQuickBatchIsAnsweredInOnePartInOrder() throws Exception {
    start(WorkerConfig.defaults());
    List<Invocation> invocations = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      invocations.add(invocation(address("other", "k" + i), text("x", 1)));
    }
    BlockingQueue<InvocationBatchPart> parts = new LinkedBlockingQueue<>();

    runtime.invokeParts(batch(invocations), parts::add);

    InvocationBatchPart only = parts.poll(10, TimeUnit.SECONDS);
    assertThat(only.getLast()).isTrue();
    assertThat(only.getIndexesCount()).isZero();
    assertThat(only.getResultsList())
        .extracting(r -> r.getTarget().getId())
        .containsExactlyElementsOf(invocations.stream().map(i -> i.getTarget().getId()).toList());
  }

  @Test
  void aTypesOwnHandlerTimeoutWinsOverTheWorkers() throws Exception {
    start(WorkerConfig.defaults().withHandlerTimeout(Duration.ofMinutes(5)));
    long started = System.nanoTime();

    InvocationResult quick =
        invoke(List.of(invocation(address("quick", "q"), text("stuck", 1)))).getResults(0);

    assertThat(quick.getFailure().getCode()).isEqualTo("TIMEOUT");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void heartbeatsComeWhileAHandlerIsStuck() throws Exception {
    start(WorkerConfig.defaults().withHandlerTimeout(Duration.ofSeconds(2)));
    BlockingQueue<InvocationBatchPart> parts = new LinkedBlockingQueue<>();

    runtime.invokeParts(
        batch(List.of(invocation(address("stubborn", "s"), text("stuck", 1)))).toBuilder()
            .setHeartbeatMillis(200)
            .build(),
        parts::add);

    await().atMost(Duration.ofSeconds(2)).until(() -> parts.size() >= 3);
    assertThat(parts)
        .allSatisfy(
            p -> {
              assertThat(p.getLast()).isFalse();
              assertThat(p.getResultsCount()).isZero();
            });
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> parts.stream().anyMatch(InvocationBatchPart::getLast));
  }

  @Test
  void closingDoesNotWaitForStuckHandlers() throws Exception {
    start(
        WorkerConfig.defaults()
            .withMaxConcurrentPerType(4)
            .withHandlerTimeout(Duration.ofMinutes(5)));
    List<Invocation> invocations = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      invocations.add(invocation(address("stubborn", "s" + i), text("stuck", 1)));
    }
    Set<Thread> before = handlerThreads();
    runtime.invokeParts(batch(invocations), part -> {});
    await().atMost(Duration.ofSeconds(5)).until(() -> newThreads(before).size() == 4);

    long started = System.nanoTime();
    runtime.close();

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    // Still stuck, but daemons: they cannot keep the JVM from exiting.
    assertThat(newThreads(before)).hasSize(4).allSatisfy(t -> assertThat(t.isDaemon()).isTrue());
  }

  private static Set<Thread> handlerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("eventide-handler-acme/stubborn"))
        .collect(Collectors.toSet());
  }

  private static Set<Thread> newThreads(Set<Thread> before) {
    Set<Thread> now = handlerThreads();
    now.removeAll(before);
    return now;
  }
}
