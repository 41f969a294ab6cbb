package io.eventide.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.benchmarks.http.HttpPool;
import io.eventide.benchmarks.http.Request;
import io.undertow.Undertow;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The closed loop against a real server on 127.0.0.1 that answers every request at once. */
class ClosedLoopIT {

  private final AtomicLong served = new AtomicLong();
  private Undertow server;
  private HttpPool pool;

  @BeforeEach
  void start() {
    server =
        Undertow.builder()
            .addHttpListener(0, "127.0.0.1")
            .setHandler(
                exchange ->
                    exchange.getResponseSender().send(String.valueOf(served.incrementAndGet())))
            .build();
    server.start();
    pool =
        new HttpPool(
            ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort(), 4, 1, 32);
  }

  @AfterEach
  void stop() {
    pool.close();
    server.stop();
  }

  @Test
  void aBoundedLoopSendsEachRequestOnceAndTellsTheObserver() throws InterruptedException {
    LongAdder observed = new LongAdder();
    ClosedLoop.Result result =
        new ClosedLoop(
                pool,
                300,
                4,
                i -> Request.post("/", "application/json", new byte[] {'1'}),
                (sent, ended, ok) -> {
                  if (ok && ended >= sent) {
                    observed.increment();
                  }
                })
            .run(Duration.ofSeconds(30));

    assertThat(result.ok()).isEqualTo(300);
    assertThat(result.failed()).isZero();
    assertThat(served.get()).isEqualTo(300);
    assertThat(observed.sum()).isEqualTo(300);
  }

  @Test
  void anEndlessLoopEndsOnStopOnceItsRequestsInFlightAreAnswered() throws InterruptedException {
    CountDownLatch hundred = new CountDownLatch(100);
    ClosedLoop loop =
        new ClosedLoop(
            pool,
            Long.MAX_VALUE,
            4,
            i -> Request.post("/", "application/json", new byte[] {'1'}),
            (sent, ended, ok) -> hundred.countDown());
    loop.start();
    assertThat(hundred.await(30, TimeUnit.SECONDS)).isTrue();
    loop.stop();
    ClosedLoop.Result result = loop.await(Duration.ofSeconds(30));

    assertThat(result.firstError()).isNull();
    assertThat(result.failed()).isZero();
    assertThat(result.ok()).isGreaterThanOrEqualTo(100).isEqualTo(served.get());
  }
}
