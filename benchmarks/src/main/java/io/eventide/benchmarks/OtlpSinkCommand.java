package io.eventide.benchmarks;

import io.undertow.Undertow;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The collector of {@code TRACING=1 benchmarks/keyed.sh}: an OTLP/HTTP endpoint on 127.0.0.1 that
 * reads every export request whole and answers success, as a collector does, then throws it away.
 * The node's exporter so does all its work (encode, send, wait for the answer); an exporter aimed
 * at a closed port would fail at connect, skip the send and measure less than tracing costs. Prints
 * its address, and on SIGTERM the requests and bytes it took.
 *
 * <pre>
 * java -jar benchmarks/target/loadgen.jar otlp-sink
 * otlp-sink: listening on http://127.0.0.1:41231
 * otlp-sink: 212 requests, 96,112,384 bytes
 * </pre>
 */
@Command(
    name = "otlp-sink",
    mixinStandardHelpOptions = true,
    description = "Take OTLP/HTTP exports on 127.0.0.1 and discard them, until SIGTERM.")
public final class OtlpSinkCommand implements Callable<Integer> {
  private static final byte[] EMPTY_RESPONSE = new byte[0]; // ExportTraceServiceResponse{}

  @Option(
      names = "--port",
      defaultValue = "0",
      description = "port (default ${DEFAULT-VALUE}: a free one)")
  int port;

  @Override
  public Integer call() throws InterruptedException {
    AtomicLong requests = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    Undertow server =
        Undertow.builder()
            .addHttpListener(port, "127.0.0.1")
            .setHandler(
                exchange ->
                    exchange
                        .getRequestReceiver()
                        .receiveFullBytes(
                            (done, body) -> {
                              requests.incrementAndGet();
                              bytes.addAndGet(body.length);
                              done.getResponseHeaders()
                                  .put(Headers.CONTENT_TYPE, "application/x-protobuf");
                              done.getResponseSender().send(ByteBuffer.wrap(EMPTY_RESPONSE));
                            }))
            .build();
    server.start();
    InetSocketAddress bound = (InetSocketAddress) server.getListenerInfo().get(0).getAddress();
    System.out.println("otlp-sink: listening on http://127.0.0.1:" + bound.getPort());
    System.out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.stop();
                  System.out.printf(
                      "otlp-sink: %,d requests, %,d bytes%n", requests.get(), bytes.get());
                  System.out.flush();
                  stopped.countDown();
                },
                "otlp-sink-stop"));
    stopped.await();
    return 0;
  }
}
