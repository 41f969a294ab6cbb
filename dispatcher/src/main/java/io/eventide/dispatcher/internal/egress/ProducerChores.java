package io.eventide.dispatcher.internal.egress;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer calls a deliverer must not wait on. {@code flush()} is the fastest way to get a
 * delivery's records out (every batch goes at once), and {@code close(timeout)} ends a producer,
 * but both can wait far past any timeout while the broker is unreachable: the client's network
 * thread is then blocked in a connection attempt, and both wait for it. So they run here, and the
 * deliverer waits on its records' futures with a deadline of its own.
 *
 * <h2>Thread safety</h2>
 *
 * Called by the sink's deliverer thread; flushes run on one thread of their own (at most one at a
 * time: a flush still running is not queued behind), each close on a thread of its own.
 */
final class ProducerChores implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProducerChores.class);

  private final String egress;
  private final ExecutorService flushes;
  private final AtomicBoolean flushing = new AtomicBoolean();

  ProducerChores(String egress) {
    this.egress = egress;
    this.flushes =
        Executors.newSingleThreadExecutor(task -> daemon(task, "eventide-kafka-flush-" + egress));
  }

  /** Sends every batch of {@code producer} now, unless an earlier flush is still running. */
  void flushSoon(Producer<?, ?> producer) {
    if (!flushing.compareAndSet(false, true)) {
      return;
    }
    flushes.execute(
        () -> {
          try {
            producer.flush();
          } catch (KafkaException | IllegalStateException e) {
            // The deliverer sees each record's failure on its future; this only sped them up.
            LOG.debug("flush of egress '{}' ended early", egress, e);
          } finally {
            flushing.set(false);
          }
        });
  }

  /** Closes {@code producer} on a thread of its own; join it to wait. */
  Thread closeSoon(Producer<?, ?> producer, Duration timeout) {
    Thread thread = daemon(() -> producer.close(timeout), "eventide-kafka-close-" + egress);
    thread.start();
    return thread;
  }

  @Override
  public void close() {
    flushes.shutdownNow();
  }

  private static Thread daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }
}
