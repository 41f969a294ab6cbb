package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.CallOptions;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link ClusterFaultIT} with mutual TLS on every gRPC hop, each process holding its role's
 * certificate from {@code eventide certs init}: the same faults, the same exactly-once checks. One
 * seed rather than three keeps the build's time modest; TLS changes the transport, not the paths
 * the seeds explore. And each role's port refuses, at the handshake, whoever lacks a certificate
 * from the cluster's CA.
 */
class ClusterFaultTlsIT extends ClusterFaultIT {
  private static final MethodDescriptor<byte[], byte[]> KNOCK =
      MethodDescriptor.<byte[], byte[]>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName("eventide.Probe/Knock")
          .setRequestMarshaller(new Bytes())
          .setResponseMarshaller(new Bytes())
          .build();

  @Override
  RoleCluster newCluster(Path dir) {
    return RoleCluster.withInternalTls(dir);
  }

  @Override
  Stream<Long> seeds() {
    return Stream.of(7L);
  }

  @Test
  void everyRolesPortRefusesAPeerWithoutACertificateFromTheClustersCa() throws IOException {
    Path certs = cluster.certs();
    Path other = dir.resolve("other-ca");
    assertThat(Launcher.commandLine().execute("certs", "init", other.toString())).isZero();
    ChannelCredentials member = credentials(certs, certs);
    ChannelCredentials noCertificate =
        TlsChannelCredentials.newBuilder().trustManager(certs.resolve("ca.pem").toFile()).build();
    // Its own certificate from another CA, though it trusts the cluster's CA.
    ChannelCredentials stranger = credentials(other, certs);
    for (String name : List.of("state-service", "dispatcher-1", "worker-1")) {
      int port = cluster.get(name).port();
      // Past the handshake, the made-up method is what fails: the peer got in.
      assertThat(knock(port, member)).as(name).isEqualTo(Status.Code.UNIMPLEMENTED);
      assertThat(knock(port, noCertificate)).as(name).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(knock(port, stranger)).as(name).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(knock(port, InsecureChannelCredentials.create()))
          .as(name)
          .isEqualTo(Status.Code.UNAVAILABLE);
    }
  }

  private static ChannelCredentials credentials(Path own, Path trusted) throws IOException {
    return TlsChannelCredentials.newBuilder()
        .keyManager(own.resolve("gateway.pem").toFile(), own.resolve("gateway-key.pem").toFile())
        .trustManager(trusted.resolve("ca.pem").toFile())
        .build();
  }

  private static Status.Code knock(int port, ChannelCredentials credentials) {
    ManagedChannel channel =
        Grpc.newChannelBuilderForAddress("127.0.0.1", port, credentials).build();
    try {
      ClientCalls.blockingUnaryCall(
          channel, KNOCK, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), new byte[0]);
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    } finally {
      channel.shutdownNow();
    }
  }

  /** Raw bytes: the probe needs no message type. */
  private static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
