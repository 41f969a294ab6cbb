package io.eventide.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A client-side TLS context that trusts the certificates of one PEM file (a development or private
 * CA) instead of the JVM's default trust store: what an HTTPS client needs to reach a node whose
 * certificate that CA signed. Host names are checked as usual.
 *
 * <h2>Thread safety</h2>
 *
 * Stateless.
 */
public final class TrustedCa {
  private TrustedCa() {}

  /** Trusts the CA certificates in {@code caFile}; IllegalArgumentException names a bad file. */
  public static SSLContext context(Path caFile) {
    X509Certificate[] authorities = PemFiles.certificates("CA file", caFile);
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      for (int i = 0; i < authorities.length; i++) {
        store.setCertificateEntry("ca-" + i, authorities[i]);
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot make a TLS context: " + e, e);
    }
  }
}
