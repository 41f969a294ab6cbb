package io.eventide.deploy;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** The gRPC servers of the dispatcher and worker roles. */
final class GrpcServers {
  /**
   * Invocation batches carry state; a worker's answers carry the changed state back; a deployment
   * check carries a jar of up to 64 MiB, with its request around it.
   */
  static final int MAX_MESSAGE_BYTES = (64 << 20) + (1 << 20);

  private GrpcServers() {}

  /**
   * Serves {@code services} on {@code host:port} (0: a free port) with {@code credentials}: mutual
   * TLS, or plaintext to keep on a private network.
   */
  static Server start(
      ServerCredentials credentials, String host, int port, BindableService... services) {
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(new InetSocketAddress(host, port), credentials)
            .maxInboundMessageSize(MAX_MESSAGE_BYTES);
    for (BindableService service : services) {
      builder.addService(service);
    }
    Server server = builder.build();
    try {
      return server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }

  /** Stops taking calls, lets those in flight finish for a while, then cancels them. */
  static AutoCloseable closer(Server server) {
    return () -> {
      server.shutdown();
      if (!server.awaitTermination(10, TimeUnit.SECONDS)) {
        server.shutdownNow();
      }
    };
  }
}
