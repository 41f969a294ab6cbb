package io.eventide.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A client-side TLS context that trusts the certificates of one PEM file (a development or private
 * CA) instead of the JVM's default trust store: what an HTTPS client needs to reach a node whose
 * certificate that CA signed. Host names are checked as usual. Pure JDK, so that the benchmarks'
 * load generator can carry it alone.
 *
 * <h2>Thread safety</h2>
 *
 * Stateless.
 */
public final class TrustedCa {
  private TrustedCa() {}

  /** Trusts the CA certificates in {@code caFile}; IllegalArgumentException names a bad file. */
  public static SSLContext context(Path caFile) {
    Collection<? extends Certificate> authorities;
    try (InputStream in = Files.newInputStream(caFile)) {
      authorities = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (IOException e) {
      throw new IllegalArgumentException("CA file " + caFile + " cannot be read: " + e, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "CA file " + caFile + " is not a PEM certificate: " + e.getMessage(), e);
    }
    if (authorities.isEmpty()) {
      throw new IllegalArgumentException(
          "CA file " + caFile + " holds no '-----BEGIN CERTIFICATE-----' block");
    }
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate authority : authorities) {
        store.setCertificateEntry("ca-" + i++, authority);
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
