package io.eventide.sdk.testing;

import io.eventide.sdk.Address;
import io.eventide.sdk.FunctionSpec;
import io.eventide.sdk.runtime.Effect;
import io.eventide.sdk.runtime.HandlerScope;
import io.eventide.sdk.runtime.IncomingMessage;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The engine behind {@link FunctionTestDriver}: delivers messages, fires timers of both domains and
 * commits the effects of kept calls, with the driver's clocks. What the dispatcher does for a key
 * group, in one thread and in memory.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe and not reentrant; owned by one driver.
 */
final class Processor {
  private final TestRegistry registry;
  private final InstanceStore state = new InstanceStore();
  private final PendingMessages pending = new PendingMessages();
  private final EventTimers timers = new EventTimers();
  private final ProcessingTimers processingTimers = new ProcessingTimers();

  /** The event-time timers an advance of the watermark took and has yet to fire. */
  private final ArrayDeque<EventTimers.Due> firing = new ArrayDeque<>();

  private final Map<String, List<EgressRecord>> egress = new HashMap<>();
  private int maxAttempts;
  private Duration handlerTimeout = DEFAULT_HANDLER_TIMEOUT;
  private final HandlerThread handlerThread = new HandlerThread();
  private long processingTime;
  private long watermark = Long.MIN_VALUE;
  private long sequence;
  private boolean running;

  Processor(TestRegistry registry, int maxAttempts) {
    this.registry = registry;
    maxAttempts(maxAttempts);
  }

  void maxAttempts(int attempts) {
    if (attempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + attempts);
    }
    this.maxAttempts = attempts;
  }

  int maxAttempts() {
    return maxAttempts;
  }

  /** The platform's default handler timeout, for types that set none. */
  static final Duration DEFAULT_HANDLER_TIMEOUT = Duration.ofSeconds(30);

  void handlerTimeout(Duration timeout) {
    if (timeout.isNegative()
        || timeout.isZero()
        || timeout.compareTo(FunctionSpec.MAX_HANDLER_TIMEOUT) > 0) {
      throw new IllegalArgumentException(
          "handler timeout must be positive and at most "
              + FunctionSpec.MAX_HANDLER_TIMEOUT
              + ", was "
              + timeout);
    }
    this.handlerTimeout = timeout;
  }

  /** Runs one handler call of {@code target} with the platform's attempts and timeout. */
  private Attempts.Outcome invoke(Address target, Attempts.Call call) {
    return Attempts.invoke(
        registry.require(target.type()),
        target,
        state.read(target),
        state.collections(),
        maxAttempts,
        processingTime,
        handlerThread,
        handlerTimeout,
        call);
  }

  long processingTime() {
    return processingTime;
  }

  long watermark() {
    return watermark;
  }

  InstanceStore state() {
    return state;
  }

  EventTimers timers() {
    return timers;
  }

  ProcessingTimers processingTimers() {
    return processingTimers;
  }

  int pendingMessages() {
    return pending.size();
  }

  List<EgressRecord> egressRecords(String name) {
    return List.copyOf(egress.getOrDefault(name, List.of()));
  }

  /** Accepts a message from outside and runs to quiescence. */
  void ingest(Address target, IncomingMessage message, CallResult call) {
    Objects.requireNonNull(target, "target");
    registry.require(target.type());
    enter();
    try {
      pending.add(
          new Envelope(target, Optional.empty(), message, processingTime, sequence++, call, null));
      runToQuiescence();
    } finally {
      running = false;
    }
  }

  void advanceProcessingTime(long millis) {
    long target = saturatedAdd(processingTime, millis);
    enter();
    try {
      // Step through each due time, so that messages sent and timers registered meanwhile are
      // scheduled from it.
      while (nextDue() <= target) {
        processingTime = Math.max(processingTime, nextDue());
        runToQuiescence();
      }
      processingTime = target;
    } finally {
      running = false;
    }
  }

  void advanceWatermark(long newWatermark) {
    if (newWatermark < watermark) {
      throw new IllegalArgumentException(
          "the watermark cannot go back: it is " + watermark + ", was given " + newWatermark);
    }
    enter();
    try {
      watermark = newWatermark;
      // Taken once: timers registered while these fire wait for the next advance. One that a firing
      // deletes before its turn does not fire, as in Flink's timer queue.
      firing.addAll(timers.takeUpTo(newWatermark));
      for (EventTimers.Due due = firing.poll(); due != null; due = firing.poll()) {
        fire(due);
        runToQuiescence();
      }
    } finally {
      firing.clear();
      running = false;
    }
  }

  private void enter() {
    if (running) {
      throw new IllegalStateException(
          "FunctionTestDriver is not reentrant; do not use it from a handler");
    }
    running = true;
  }

  private long nextDue() {
    return Math.min(pending.nextDue(), processingTimers.nextDue());
  }

  /**
   * Delivers every message and fires every processing-time timer due by now, by due time and then
   * in the order they were scheduled, including those scheduled meanwhile.
   */
  private void runToQuiescence() {
    int deliveries = 0;
    while (nextDue() <= processingTime) {
      boolean timer = timerFirst();
      if (++deliveries > FunctionTestDriver.MAX_DELIVERIES_PER_RUN) {
        Address next = timer ? processingTimers.peek().address() : pending.peek().target();
        throw new IllegalStateException(
            "no quiescence after "
                + FunctionTestDriver.MAX_DELIVERIES_PER_RUN
                + " deliveries (next to "
                + next
                + "); do functions send each other messages (or set timers) forever?");
      }
      if (timer) {
        fireProcessing(processingTimers.poll());
      } else {
        deliver(pending.pollDue(processingTime));
      }
    }
  }

  private boolean timerFirst() {
    ProcessingTimers.Due timer = processingTimers.peek();
    Envelope message = pending.peek();
    if (timer == null || message == null) {
      return message == null;
    }
    return timer.timestamp() != message.due()
        ? timer.timestamp() < message.due()
        : timer.sequence() < message.sequence();
  }

  private void deliver(Envelope envelope) {
    Address target = envelope.target();
    Attempts.Outcome outcome =
        invoke(
            target,
            (scope, function) ->
                scope.apply(function, envelope.message(), envelope.caller(), watermark));
    if (outcome.failure() != null) {
      deadLetter(DeadLetters.ofMessage(envelope, outcome.failure(), outcome.attempts()));
      if (envelope.call() != null) {
        envelope.call().failed(outcome.failure());
      }
      return;
    }
    commit(target, outcome.scope(), envelope.call());
  }

  private void fire(EventTimers.Due due) {
    Address target = due.address();
    Attempts.Outcome outcome =
        invoke(target, (scope, function) -> scope.fireTimer(function, due.timestamp(), watermark));
    if (outcome.failure() != null) {
      deadLetter(
          DeadLetters.ofTimer(target, due.timestamp(), outcome.failure(), outcome.attempts()));
      return;
    }
    commit(target, outcome.scope(), null);
  }

  private void fireProcessing(ProcessingTimers.Due due) {
    Address target = due.address();
    Attempts.Outcome outcome =
        invoke(
            target,
            (scope, function) -> scope.fireProcessingTimer(function, due.timestamp(), watermark));
    if (outcome.failure() != null) {
      deadLetter(
          DeadLetters.ofProcessingTimer(
              target, due.timestamp(), outcome.failure(), outcome.attempts()));
      return;
    }
    commit(target, outcome.scope(), null);
  }

  /** Applies every effect of a kept call, or none when one of its messages has nowhere to go. */
  private void commit(Address self, HandlerScope scope, CallResult call) {
    List<Effect> effects = scope.effects();
    for (Effect effect : effects) {
      if (effect instanceof Effect.Send send && registry.find(send.target().type()).isEmpty()) {
        throw new IllegalStateException(
            self
                + " sent a message to "
                + send.target()
                + ", but function type "
                + send.target().type()
                + " is not registered; registered types: "
                + registry.types());
      }
    }
    state.apply(self, scope.changedState());
    state.applyLists(self, scope.changedLists());
    state.applyMaps(self, scope.changedMaps());
    for (Effect effect : effects) {
      if (effect instanceof Effect.Send send) {
        IncomingMessage message =
            new IncomingMessage(send.payload(), send.contentType(), send.eventTime());
        // As on the platform, only a message that waits can be cancelled by a later call.
        boolean waits = send.delayMillis() > 0;
        long due =
            waits && send.delayed() != null
                ? send.delayed().dueAt()
                : saturatedAdd(processingTime, send.delayMillis());
        pending.add(
            new Envelope(
                send.target(),
                Optional.of(self),
                message,
                due,
                sequence++,
                null,
                waits ? send.delayed() : null));
      } else if (effect instanceof Effect.CancelDelayed cancel) {
        pending.cancel(cancel.id());
      } else if (effect instanceof Effect.Egress record) {
        append(
            new EgressRecord(
                record.egress(),
                record.contentType(),
                record.payload(),
                record.eventTime(),
                record.key()));
      } else if (effect instanceof Effect.Reply reply) {
        // A reply answers only a call from outside; for any other message it is ignored.
        if (call != null) {
          call.replied(reply);
        }
      } else if (effect instanceof Effect.Timer timer) {
        timers.register(self, timer.timestamp());
      } else if (effect instanceof Effect.ProcessingTimer timer) {
        processingTimers.register(self, timer.timestamp(), sequence++);
      } else if (effect instanceof Effect.DeleteTimer delete) {
        timers.delete(self, delete.timestamp());
        firing.remove(new EventTimers.Due(self, delete.timestamp()));
      } else if (effect instanceof Effect.DeleteProcessingTimer delete) {
        processingTimers.delete(self, delete.timestamp());
      }
    }
  }

  private void deadLetter(DeadLetter letter) {
    append(
        new EgressRecord(
            FunctionTestDriver.DEAD_LETTERS,
            DeadLetter.TYPE.contentType(),
            DeadLetter.TYPE.encode(letter),
            letter.eventTime()));
  }

  private void append(EgressRecord record) {
    egress.computeIfAbsent(record.egress(), name -> new ArrayList<>()).add(record);
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }
}
