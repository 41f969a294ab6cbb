package io.eventide.tls;

import io.grpc.ChannelCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.util.AdvancedTlsX509TrustManager;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Mutual TLS between a cluster's processes: each presents its own certificate, and trusts only
 * peers whose certificate the cluster's CA signed. A server refuses a client without such a
 * certificate during the handshake, before any call, and a client refuses a server without one. The
 * same material serves both sides, since most roles are both a gRPC server and a client of others.
 *
 * <p>Membership is the CA's signature, not a host name: as in FoundationDB, the cluster's CA is its
 * own and signs only its members, so a certificate it signed is a member wherever it runs. Host
 * names are not checked because peers dial each other at advertised addresses (pod IPs on
 * Kubernetes) that no certificate issued ahead of time can name.
 *
 * <p>The certificate, key and CA files are read again when they change ({@link
 * ReloadingIdentity#RELOAD_PERIOD}): handshakes after that use them, open connections keep theirs.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe. The files are polled on daemon threads until {@link #close}.
 */
public final class InternalTls implements AutoCloseable {
  private final ReloadingIdentity identity;
  private final AdvancedTlsX509TrustManager trust;
  private final FileWatch trustWatch;

  private InternalTls(
      ReloadingIdentity identity, AdvancedTlsX509TrustManager trust, FileWatch trustWatch) {
    this.identity = identity;
    this.trust = trust;
    this.trustWatch = trustWatch;
  }

  /**
   * Reads this process's certificate and key and the cluster's CA, and watches them; an
   * IllegalArgumentException names the file that is missing or wrong.
   */
  public static InternalTls load(Path certFile, Path keyFile, Path caFile) {
    AdvancedTlsX509TrustManager trust;
    try {
      trust =
          AdvancedTlsX509TrustManager.newBuilder()
              .setVerification(
                  AdvancedTlsX509TrustManager.Verification.CERTIFICATE_ONLY_VERIFICATION)
              .build();
    } catch (CertificateException e) {
      throw new IllegalStateException("cannot make a trust manager: " + e, e);
    }
    Runnable install = () -> install(trust, caFile);
    install.run();
    ReloadingIdentity identity = ReloadingIdentity.load(certFile, keyFile);
    return new InternalTls(
        identity,
        trust,
        FileWatch.start("TLS CA", List.of(caFile), ReloadingIdentity.RELOAD_PERIOD, install));
  }

  private static void install(AdvancedTlsX509TrustManager trust, Path caFile) {
    X509Certificate[] authorities = PemFiles.certificates("CA file", caFile);
    try {
      trust.updateTrustCredentials(authorities);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("CA file " + caFile + " cannot be used: " + e, e);
    }
  }

  /** What a gRPC server listens with: TLS, and a client certificate from the CA required. */
  public ServerCredentials serverCredentials() {
    return TlsServerCredentials.newBuilder()
        .keyManager(identity.keyManager())
        .trustManager(trust)
        .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
        .build();
  }

  /** What a gRPC client dials with: this process's certificate, and only the CA's servers. */
  public ChannelCredentials channelCredentials() {
    return TlsChannelCredentials.newBuilder()
        .keyManager(identity.keyManager())
        .trustManager(trust)
        .build();
  }

  /** Stops watching the files. */
  @Override
  public void close() {
    trustWatch.close();
    identity.close();
  }
}
