package io.eventide.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventide.store.Store;
import io.eventide.store.StoreException;
import io.eventide.store.Transaction;
import io.eventide.store.backends.Stores;
import io.eventide.store.remote.RemoteStoreOptions;
import io.eventide.store.remote.RemoteStoreServer;
import io.eventide.store.remote.RemoteStoreServerOptions;
import io.grpc.ChannelCredentials;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutual TLS on the state-service's port, with real certificates and real gRPC: a peer with a
 * certificate from the cluster's CA is served; one without a certificate, with one from another CA,
 * or without TLS at all is refused before any call reaches the store.
 */
class InternalTlsTest {
  private static final byte[] KEY = "k".getBytes(StandardCharsets.UTF_8);
  private static final byte[] VALUE = "v".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;
  private Store embedded;
  private InternalTls serverTls;
  private RemoteStoreServer server;

  @BeforeEach
  void serve() throws IOException {
    ClusterCertificates.init(dir.resolve("cluster"), List.of());
    embedded = Stores.rocksdb(dir.resolve("store"));
    serverTls = load(dir.resolve("cluster"), "state-service");
    server =
        RemoteStoreServer.start(
            embedded,
            "127.0.0.1",
            0,
            RemoteStoreServerOptions.defaults().withCredentials(serverTls.serverCredentials()));
  }

  @AfterEach
  void stop() {
    server.close();
    embedded.close();
    serverTls.close();
  }

  @Test
  void aPeerWithACertificateFromTheClusterCaIsServed() {
    try (InternalTls tls = load(dir.resolve("cluster"), "dispatcher");
        Store client = client(tls.channelCredentials())) {
      try (Transaction tx = client.begin()) {
        tx.set(KEY, VALUE);
        tx.commitAsync().join();
      }
      try (Transaction tx = client.begin()) {
        assertThat(tx.snapshot().get(KEY)).isEqualTo(VALUE);
      }
    }
    assertThat(server.callsServed("Commit")).isEqualTo(1);
  }

  @Test
  void aPeerWithoutACertificateIsRefusedAtTheHandshake() throws Exception {
    ChannelCredentials noCertificate =
        TlsChannelCredentials.newBuilder()
            .trustManager(ClusterCertificates.ca(dir.resolve("cluster")).toFile())
            .build();
    assertRefused(noCertificate);
  }

  @Test
  void aPeerWithACertificateFromAnotherCaIsRefused() throws IOException {
    ClusterCertificates.init(dir.resolve("other"), List.of());
    Path other = dir.resolve("other");
    // Its own certificate from the other CA, though it trusts the cluster's CA for the server.
    try (InternalTls tls =
        InternalTls.load(
            ClusterCertificates.certificate(other, "dispatcher"),
            ClusterCertificates.key(other, "dispatcher"),
            ClusterCertificates.ca(dir.resolve("cluster")))) {
      assertRefused(tls.channelCredentials());
    }
  }

  @Test
  void aServerWithACertificateFromAnotherCaIsRefusedByTheClient() throws IOException {
    ClusterCertificates.init(dir.resolve("other"), List.of());
    try (InternalTls tls = load(dir.resolve("other"), "dispatcher")) {
      assertRefused(tls.channelCredentials());
    }
  }

  @Test
  void aCaAddedToTheCaFileIsTrustedWithoutARestart() throws IOException {
    ClusterCertificates.init(dir.resolve("other"), List.of());
    Path other = dir.resolve("other");
    Path clusterCa = ClusterCertificates.ca(dir.resolve("cluster"));
    try (InternalTls tls =
        InternalTls.load(
            ClusterCertificates.certificate(other, "dispatcher"),
            ClusterCertificates.key(other, "dispatcher"),
            clusterCa)) {
      assertRefused(tls.channelCredentials());
      // Both CAs in the file, as during a CA rotation: the server's trust follows it.
      Files.writeString(
          clusterCa, Files.readString(clusterCa) + Files.readString(ClusterCertificates.ca(other)));
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .until(() -> readsThrough(tls.channelCredentials()));
    }
  }

  private boolean readsThrough(ChannelCredentials credentials) {
    try (Store client = client(credentials);
        Transaction tx = client.begin()) {
      return tx.snapshot().get(KEY) == null;
    }
  }

  @Test
  void aPlaintextClientIsRefused() {
    assertRefused(io.grpc.InsecureChannelCredentials.create());
  }

  @Test
  void keysAreWrittenForTheirOwnerOnlyAndNothingIsOverwritten() throws IOException {
    Path cluster = dir.resolve("cluster");
    assertThat(Files.getPosixFilePermissions(ClusterCertificates.key(cluster, "worker")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertThat(Files.readString(ClusterCertificates.key(cluster, "worker")))
        .startsWith("-----BEGIN PRIVATE KEY-----");
    byte[] before = Files.readAllBytes(ClusterCertificates.ca(cluster));
    assertThatThrownBy(() -> ClusterCertificates.init(cluster, List.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("will not overwrite")
        .hasMessageContaining("ca.pem");
    assertThat(Files.readAllBytes(ClusterCertificates.ca(cluster))).isEqualTo(before);
  }

  @Test
  void aMissingOrMismatchedFileIsNamedAtLoad() {
    Path cluster = dir.resolve("cluster");
    assertThatThrownBy(
            () ->
                InternalTls.load(
                    cluster.resolve("nope.pem"),
                    ClusterCertificates.key(cluster, "worker"),
                    ClusterCertificates.ca(cluster)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nope.pem");
    assertThatThrownBy(
            () ->
                InternalTls.load(
                    ClusterCertificates.certificate(cluster, "worker"),
                    ClusterCertificates.key(cluster, "gateway"),
                    ClusterCertificates.ca(cluster)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not hold the private key");
    assertThatThrownBy(
            () ->
                InternalTls.load(
                    ClusterCertificates.certificate(cluster, "worker"),
                    ClusterCertificates.certificate(cluster, "worker"),
                    ClusterCertificates.ca(cluster)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PRIVATE KEY");
  }

  private void assertRefused(ChannelCredentials credentials) {
    try (Store client = client(credentials)) {
      assertThatThrownBy(
              () -> {
                try (Transaction tx = client.begin()) {
                  tx.snapshot().get(KEY);
                }
              })
          .isInstanceOf(StoreException.class)
          .extracting(e -> ((StoreException) e).code())
          .isEqualTo(StoreException.Code.UNAVAILABLE);
    }
    assertThat(server.callsServed("Begin")).isZero();
  }

  private Store client(ChannelCredentials credentials) {
    return Stores.remote(
        "127.0.0.1",
        server.port(),
        RemoteStoreOptions.defaults()
            .withCallTimeout(Duration.ofSeconds(5))
            .withCredentials(credentials));
  }

  private static InternalTls load(Path dir, String role) {
    return InternalTls.load(
        ClusterCertificates.certificate(dir, role),
        ClusterCertificates.key(dir, role),
        ClusterCertificates.ca(dir));
  }
}
