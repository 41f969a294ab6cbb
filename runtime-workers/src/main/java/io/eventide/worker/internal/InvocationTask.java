package io.eventide.worker.internal;

import io.eventide.protocol.Failure;
import io.eventide.protocol.Invocation;
import io.eventide.protocol.InvocationMessage;
import io.eventide.protocol.InvocationResult;
import io.eventide.protocol.MessageEffects;
import io.eventide.sdk.Address;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.TooLargeException;
import io.eventide.sdk.runtime.FailureMessages;
import io.eventide.sdk.runtime.HandlerScope;
import io.eventide.sdk.runtime.IncomingMessage;
import io.eventide.sdk.runtime.MapChange;
import io.eventide.sdk.runtime.StoredCollections;
import io.eventide.worker.api.RegisteredFunction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs the messages of one {@link Invocation} in order, stopping at the first failure, and records
 * its progress after every handled message, so that a timed-out invocation can still report the
 * messages it finished.
 *
 * <h2>Thread safety</h2>
 *
 * {@link #call} runs on one bulkhead thread; {@link #abandon} and {@link #failed} may be called
 * from any thread, concurrently with it.
 */
public final class InvocationTask {
  private final Invocation invocation;
  private final RegisteredFunction function;
  private final long timeoutNanos;
  private final StoredCollections lists;

  /** When the handler call now running started ({@link System#nanoTime}); 0 between calls. */
  private volatile long callStarted;

  private final Object lock = new Object();
  private Thread runner; // guarded by lock: the thread running call(), to interrupt on timeout
  private boolean abandoned; // guarded by lock
  // What the handled messages did, so far; a timeout reports it. Appending is O(1) per message,
  // and the result is built once, at the end (an invocation may carry thousands of messages).
  private final List<MessageEffects> done = new ArrayList<>(); // guarded by lock
  private Map<String, byte[]> doneState = Map.of(); // guarded by lock
  private Map<String, HandlerScope.ListChange> doneLists = Map.of(); // guarded by lock
  private Map<String, MapChange> doneMaps = Map.of(); // guarded by lock

  /**
   * Event-time timers fired here ({@link #fireTimersRegisteredHere}); null until one is. The same
   * timer may come from the store later in this invocation (a message registered it again before
   * its stored firing), and a timer is one per address and time: it fires once. Call thread only.
   */
  private Set<Long> firedHere;

  /**
   * @param timeout how long one handler call of this invocation may run ({@link #overdue})
   */
  public InvocationTask(
      Invocation invocation,
      RegisteredFunction function,
      Duration timeout,
      StoredCollections lists) {
    this.invocation = invocation;
    this.function = function;
    this.timeoutNanos = timeout.toNanos();
    this.lists = lists;
  }

  /**
   * Whether the handler call running now started more than the timeout before {@code nowNanos}: the
   * watchdog then answers the invocation {@code TIMEOUT} and {@link #abandon}s it.
   */
  boolean overdue(long nowNanos) {
    return runningFor(nowNanos) > timeoutNanos;
  }

  /** How long the handler call running now has run; 0 between calls. */
  long runningFor(long nowNanos) {
    long started = callStarted;
    return started == 0 ? 0 : nowNanos - started;
  }

  /** The address this invocation runs for, as {@code namespace/type/id}. */
  public String target() {
    var target = invocation.getTarget();
    return target.getNamespace() + "/" + target.getType() + "/" + target.getId();
  }

  /** The messages handled so far and what they did. */
  private InvocationResult progress() {
    synchronized (lock) {
      return InvocationResult.newBuilder()
          .setTarget(invocation.getTarget())
          .setHandled(done.size())
          .addAllState(Protos.changes(doneState))
          .addAllLists(Protos.lists(doneLists))
          .addAllMaps(Protos.maps(doneMaps))
          .addAllEffects(done)
          .build();
    }
  }

  /** Runs the invocation with the deployment's class loader as context class loader. */
  public InvocationResult call() {
    if (!enter()) {
      return progress(); // answered TIMEOUT while queued; nobody reads this result
    }
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(function.classLoader());
    try {
      return runMessages();
    } finally {
      thread.setContextClassLoader(previous);
      exit();
    }
  }

  /**
   * Gives up on the invocation once its {@code TIMEOUT} result (taken before, with {@link #failed})
   * is the one reported: a handler running is interrupted, and one not started never starts.
   * Interrupting first would let the interrupted handler's failure race the timeout.
   */
  public void abandon() {
    synchronized (lock) {
      abandoned = true;
      if (runner != null) {
        runner.interrupt();
      }
    }
  }

  /** The progress so far with a failure of the next message. */
  public InvocationResult failed(FailureCode code, String message, String exceptionClass) {
    return failure(progress(), invocation, code, message, exceptionClass);
  }

  /** A result that handled nothing, e.g. for an unknown function type. */
  public static InvocationResult failure(
      Invocation invocation, FailureCode code, String message, String exceptionClass) {
    InvocationResult empty =
        InvocationResult.newBuilder().setTarget(invocation.getTarget()).build();
    return failure(empty, invocation, code, message, exceptionClass);
  }

  private static InvocationResult failure(
      InvocationResult progress,
      Invocation invocation,
      FailureCode code,
      String message,
      String exceptionClass) {
    if (progress.getHandled() >= invocation.getMessagesCount()) {
      return progress; // every message was handled before the failure was noticed
    }
    Failure failure =
        Failure.newBuilder()
            .setCode(code.name())
            .setMessage(FailureMessages.shortened(message))
            .setExceptionClass(exceptionClass)
            .build();
    return progress.toBuilder().setFailure(failure).build();
  }

  private InvocationResult runMessages() {
    HandlerScope scope;
    StatefulFunction instance;
    callStarted = System.nanoTime(); // the factory is user code too
    try {
      Address self = Protos.address(invocation.getTarget());
      // Processing time is this worker's wall clock, as a Flink task manager's is its own.
      scope =
          HandlerScope.owning(
              self,
              function.specs(),
              Protos.state(invocation.getStateList()),
              System::currentTimeMillis,
              lists);
      instance = function.factory().get();
    } catch (RuntimeException | LinkageError e) {
      return handlerError(e);
    } finally {
      callStarted = 0;
    }
    TreeSet<Long> registered = new TreeSet<>();
    long watermark = Long.MIN_VALUE;
    List<InvocationMessage> messages = invocation.getMessagesList();
    for (int index = 0; index < messages.size(); index++) {
      InvocationMessage message = messages.get(index);
      int before;
      try {
        if (!registered.isEmpty()
            && registered.first() <= message.getWatermark()
            && message.getWatermark() > watermark) {
          fireTimersRegisteredHere(scope, instance, registered, message.getWatermark());
        }
        watermark = Math.max(watermark, message.getWatermark());
        before = scope.effects().size();
        boolean firedAlready = false;
        if (message.getTimer()) {
          // This firing also serves a registration made here; fired here already, it is done.
          boolean registeredHere = registered.remove(message.getEventTime());
          firedAlready =
              !registeredHere && firedHere != null && firedHere.contains(message.getEventTime());
        }
        callStarted = System.nanoTime();
        if (!firedAlready && message.getTraceparent().isEmpty()) {
          runOne(scope, instance, message); // untraced: no span, no closure
        } else if (!firedAlready) {
          HandlerSpans.run(invocation.getTarget(), message, () -> runOne(scope, instance, message));
        }
      } catch (Exception | Error e) {
        rethrowFatal(e);
        return handlerError(e);
      } finally {
        callStarted = 0;
      }
      // HandlerScope keeps the effects of all kept calls in one list: this call's are the tail.
      MessageEffects effects =
          Protos.effects(scope.effects().subList(before, scope.effects().size()));
      if (effects.getDeletedTimersCount() > 0) {
        registered.removeAll(effects.getDeletedTimersList()); // deletes apply first
      }
      if (effects.getTimersCount() > 0) {
        registered.addAll(effects.getTimersList());
      }
      synchronized (lock) {
        done.add(effects);
        // A timeout reports the state as of the last finished message, so it is copied while
        // later messages may still change it; after the last one nothing does.
        doneState =
            index == messages.size() - 1
                ? scope.changedState()
                : new HashMap<>(scope.changedState());
        doneLists = scope.changedLists();
        doneMaps = scope.changedMaps();
      }
    }
    return progress();
  }

  /**
   * Fires the event-time timers that messages of this invocation registered and that the watermark
   * of the next message passes, before that message, as Flink's timer service does when the
   * watermark advances between two elements. The dispatcher only knows a timer once its
   * registration is committed, so without this a batch holding two messages of one key would handle
   * the second before the first one's timer. A fired timer's registration is dropped and what the
   * firing did joins the effects of the message before it; a failing firing fails the next message,
   * and the timer stays registered for the dispatcher to fire (and retry) later.
   */
  private void fireTimersRegisteredHere(
      HandlerScope scope, StatefulFunction instance, TreeSet<Long> registered, long watermark)
      throws Exception {
    Set<Long> fired = new HashSet<>();
    if (firedHere == null) {
      firedHere = new HashSet<>();
    }
    while (!registered.isEmpty() && registered.first() <= watermark) {
      long timer = registered.pollFirst();
      int before = scope.effects().size();
      callStarted = System.nanoTime();
      scope.fireTimer(instance, timer, watermark);
      callStarted = 0;
      fired.add(timer);
      firedHere.add(timer);
      MessageEffects firing =
          Protos.effects(scope.effects().subList(before, scope.effects().size()));
      firing.getDeletedTimersList().forEach(registered::remove);
      // A timer the firing registers for a time already passed waits for the dispatcher.
      firing.getTimersList().stream()
          .filter(t -> t > watermark || !fired.contains(t))
          .forEach(registered::add);
      synchronized (lock) {
        for (int k = 0; k < done.size(); k++) {
          done.set(k, Protos.withoutTimer(done.get(k), timer));
        }
        int last = done.size() - 1;
        done.set(last, Protos.append(done.get(last), firing));
        doneState = new HashMap<>(scope.changedState());
        doneLists = scope.changedLists();
        doneMaps = scope.changedMaps();
      }
    }
  }

  private static void runOne(
      HandlerScope scope, StatefulFunction instance, InvocationMessage message) throws Exception {
    if (message.getTimer()) {
      scope.fireTimer(instance, message.getEventTime(), message.getWatermark());
      return;
    }
    if (message.getProcessingTimer()) {
      scope.fireProcessingTimer(instance, message.getEventTime(), message.getWatermark());
      return;
    }
    Optional<Address> caller =
        message.hasCaller() ? Optional.of(Protos.address(message.getCaller())) : Optional.empty();
    IncomingMessage incoming =
        new IncomingMessage(
            message.getPayload().getData().toByteArray(),
            message.getPayload().getContentType(),
            message.getEventTime());
    scope.apply(instance, incoming, caller, message.getWatermark(), !message.getReplyUnused());
  }

  /** A handler's StackOverflowError is its bug; OutOfMemoryError and the like are the JVM's. */
  private static void rethrowFatal(Throwable e) {
    if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
      throw (VirtualMachineError) e;
    }
  }

  private InvocationResult handlerError(Throwable e) {
    // HandlerScope wraps a LinkageError in an IllegalStateException; report the real cause.
    Throwable cause =
        e instanceof IllegalStateException && e.getCause() instanceof LinkageError
            ? e.getCause()
            : e;
    String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    FailureCode code =
        cause instanceof TooLargeException ? FailureCode.TOO_LARGE : FailureCode.HANDLER_ERROR;
    return failed(code, message, cause.getClass().getName());
  }

  private boolean enter() {
    synchronized (lock) {
      if (abandoned) {
        return false;
      }
      runner = Thread.currentThread();
      return true;
    }
  }

  private void exit() {
    synchronized (lock) {
      runner = null;
      // A timeout may have interrupted us after the handler returned; do not leak that into the
      // pool thread's next task.
      Thread.interrupted();
    }
  }
}
