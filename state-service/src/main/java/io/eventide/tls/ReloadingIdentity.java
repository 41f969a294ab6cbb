package io.eventide.tls;

import io.grpc.util.AdvancedTlsX509KeyManager;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The certificate and private key a process presents in TLS handshakes, read from PEM files and
 * read again when they change ({@link FileWatch}, every {@link #RELOAD_PERIOD}), so that a rotated
 * certificate is served by the next handshake without a restart. Connections already open keep the
 * certificate they were made with. A pair that does not match (the certificate replaced, its key
 * not yet) is not installed; the next change, the key's, installs both.
 *
 * <p>gRPC's {@link AdvancedTlsX509KeyManager} holds the pair and swaps it atomically; its own file
 * polling is not used, as it polls once a minute at most.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe. Files are polled on one daemon thread until {@link #close}.
 */
public final class ReloadingIdentity implements AutoCloseable {
  /** How soon a changed file is noticed. */
  public static final Duration RELOAD_PERIOD = Duration.ofMillis(500);

  private final AdvancedTlsX509KeyManager keys;
  private final FileWatch watch;

  private ReloadingIdentity(AdvancedTlsX509KeyManager keys, FileWatch watch) {
    this.keys = keys;
    this.watch = watch;
  }

  /**
   * Reads {@code certFile} (the certificate, then any intermediates) and {@code keyFile} (its
   * PKCS#8 private key) and watches them; an IllegalArgumentException names a file that is missing,
   * not PEM, or a key that does not belong to the certificate.
   */
  public static ReloadingIdentity load(Path certFile, Path keyFile) {
    AdvancedTlsX509KeyManager keys = new AdvancedTlsX509KeyManager();
    Runnable install = () -> install(keys, certFile, keyFile);
    install.run();
    return new ReloadingIdentity(
        keys,
        FileWatch.start(
            "TLS certificate and key", List.of(certFile, keyFile), RELOAD_PERIOD, install));
  }

  private static void install(AdvancedTlsX509KeyManager keys, Path certFile, Path keyFile) {
    X509Certificate[] chain = PemFiles.certificates("certificate file", certFile);
    PrivateKey key = PemFiles.privateKey("key file", keyFile);
    requirePair(chain[0], key, certFile, keyFile);
    keys.updateIdentityCredentials(chain, key);
  }

  /** The key manager that presents the current pair. */
  public X509ExtendedKeyManager keyManager() {
    return keys;
  }

  /**
   * A server-side TLS context presenting the current pair; it does not ask clients for
   * certificates.
   */
  public SSLContext serverContext() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new X509ExtendedKeyManager[] {keys}, null, null);
      return context;
    } catch (NoSuchAlgorithmException | KeyManagementException e) {
      throw new IllegalStateException("this JVM offers no TLS: " + e, e);
    }
  }

  /** Stops watching the files; the pair loaded last stays in use. */
  @Override
  public void close() {
    watch.close();
  }

  /** A key that is not the certificate's would only fail at each handshake, far from the cause. */
  private static void requirePair(
      X509Certificate certificate, PrivateKey key, Path certFile, Path keyFile) {
    byte[] probe = "eventide".getBytes(StandardCharsets.US_ASCII);
    String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
    boolean matches;
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      matches = verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      matches = false;
    }
    if (!matches) {
      throw new IllegalArgumentException(
          "key file " + keyFile + " does not hold the private key of certificate " + certFile);
    }
  }
}
