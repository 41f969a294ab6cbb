package io.eventide.dispatcher;

import io.eventide.dispatcher.api.Invoker;
import io.eventide.protocol.InvocationBatch;
import io.eventide.protocol.InvocationBatchResult;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.Types;
import io.eventide.sdk.ValueSpec;
import io.eventide.sdk.runtime.StoredCollections;
import io.eventide.worker.FunctionRuntimeService;
import io.eventide.worker.api.RegisteredFunction;
import io.eventide.worker.api.WorkerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The real worker runtime serving plain functions registered in the test (no jar), and a switch
 * that takes it "down" so tests can show what the dispatcher does without workers.
 */
final class TestWorker implements Invoker, AutoCloseable {
  private final Map<String, RegisteredFunction> functions = new ConcurrentHashMap<>();
  private final FunctionRuntimeService runtime;
  volatile boolean down;

  TestWorker() {
    this(StoredCollections.none());
  }

  /** A worker reading internal lists (windows' buffered messages) from {@code lists}. */
  TestWorker(StoredCollections lists) {
    this.runtime =
        new FunctionRuntimeService(
            (ns, type) -> Optional.ofNullable(functions.get(ns + "/" + type)),
            WorkerConfig.defaults(),
            new SimpleMeterRegistry(),
            lists);
  }

  /** The worker's gRPC service, for a test serving it the way a worker process does. */
  FunctionRuntimeService service() {
    return runtime;
  }

  TestWorker register(String type, StatefulFunction function, ValueSpec<?>... state) {
    TypeName name = TypeName.parse(type);
    Map<String, ValueSpec<?>> specs =
        Arrays.stream(state).collect(Collectors.toMap(ValueSpec::name, Function.identity()));
    functions.put(
        type,
        new RegisteredFunction(name, () -> function, specs, getClass().getClassLoader(), "test"));
    return this;
  }

  /**
   * {@code type}: adds each payload (a number) to the instance's {@code count} and replies the
   * total.
   */
  TestWorker registerCounter(String type) {
    ValueSpec<Long> count = ValueSpec.named("count").withType(Types.LONG);
    return register(
        type,
        (ctx, msg) -> {
          long total = ctx.storage().get(count).orElse(0L) + msg.as(Types.LONG);
          ctx.storage().set(count, total);
          ctx.reply(Types.LONG, total);
        },
        count);
  }

  @Override
  public CompletableFuture<InvocationBatchResult> invoke(InvocationBatch batch) {
    if (down) {
      return CompletableFuture.failedFuture(new IllegalStateException("worker down"));
    }
    return runtime.invokeAsync(batch);
  }

  @Override
  public void invokeParts(InvocationBatch batch, Parts parts) {
    if (down) {
      parts.failed(new IllegalStateException("worker down"));
    } else {
      runtime.invokeParts(batch, parts::part);
    }
  }

  @Override
  public void close() {
    runtime.close();
  }
}
