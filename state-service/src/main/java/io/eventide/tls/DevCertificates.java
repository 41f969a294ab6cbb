package io.eventide.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A development certificate authority and the certificates it issues, each usable as a TLS server
 * and a TLS client certificate (mutual TLS), with EC P-256 keys: small, and fast to handshake.
 * Production clusters should take theirs from their own CA (cert-manager, Vault...).
 *
 * <h2>Thread safety</h2>
 *
 * Immutable; safe to share.
 */
public final class DevCertificates {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A certificate and its private key. */
  public record Issued(X509Certificate certificate, KeyPair keys) {
    /**
     * Writes the certificate to {@code certFile} and the key, PKCS#8 PEM, to {@code keyFile}, which
     * only its owner may read (where the file system has POSIX permissions).
     */
    public void writeTo(Path certFile, Path keyFile) throws IOException {
      try {
        Files.writeString(
            certFile,
            PemFiles.pem("CERTIFICATE", certificate.getEncoded()),
            StandardCharsets.US_ASCII);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("cannot encode the certificate: " + e, e);
      }
      Path fresh = Files.createTempFile(keyFile.toAbsolutePath().getParent(), ".key", ".tmp");
      try {
        if (Files.getFileStore(fresh).supportsFileAttributeView("posix")) {
          Files.setPosixFilePermissions(fresh, PosixFilePermissions.fromString("rw-------"));
        }
        Files.writeString(
            fresh,
            PemFiles.pem("PRIVATE KEY", keys.getPrivate().getEncoded()),
            StandardCharsets.US_ASCII);
        Files.move(fresh, keyFile, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(fresh);
      }
    }
  }

  private final Issued authority;

  private DevCertificates(Issued authority) {
    this.authority = authority;
  }

  /** A new self-signed CA named {@code name}, valid for {@code validity} from now. */
  public static DevCertificates newAuthority(String name, Duration validity) {
    KeyPair keys = newKeys();
    X500Name subject = new X500Name("CN=" + name);
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          builder(subject, subject, keys, validity)
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
              .addExtension(
                  Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  extensions.createSubjectKeyIdentifier(keys.getPublic()));
      return new DevCertificates(new Issued(sign(builder, keys), keys));
    } catch (CertIOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot make a CA: " + e, e);
    }
  }

  /** The CA's own certificate and key. */
  public Issued authority() {
    return authority;
  }

  /**
   * A certificate for {@code commonName}, valid for {@code validity} from now, for each of {@code
   * hosts} (DNS names or IP addresses) in its subject alternative names.
   */
  public Issued issue(String commonName, List<String> hosts, Duration validity) {
    KeyPair keys = newKeys();
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          builder(
                  X500Name.getInstance(
                      authority.certificate().getSubjectX500Principal().getEncoded()),
                  new X500Name("CN=" + commonName),
                  keys,
                  validity)
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(
                  Extension.keyUsage,
                  true,
                  new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
              .addExtension(
                  Extension.extendedKeyUsage,
                  false,
                  new ExtendedKeyUsage(
                      new KeyPurposeId[] {
                        KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
                      }))
              .addExtension(Extension.subjectAlternativeName, false, alternativeNames(hosts))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  extensions.createSubjectKeyIdentifier(keys.getPublic()))
              .addExtension(
                  Extension.authorityKeyIdentifier,
                  false,
                  extensions.createAuthorityKeyIdentifier(authority.certificate()));
      return new Issued(sign(builder, authority.keys()), keys);
    } catch (CertIOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot issue a certificate: " + e, e);
    }
  }

  private static GeneralNames alternativeNames(List<String> hosts) {
    List<GeneralName> names = new ArrayList<>();
    for (String host : hosts) {
      names.add(
          isIpAddress(host)
              ? new GeneralName(GeneralName.iPAddress, host)
              : new GeneralName(GeneralName.dNSName, host));
    }
    return new GeneralNames(names.toArray(GeneralName[]::new));
  }

  private static boolean isIpAddress(String host) {
    if (!host.matches("[0-9.]+") && !host.contains(":")) {
      return false;
    }
    try {
      // A literal is parsed, never looked up.
      InetAddress.getByName(host);
      return true;
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + host + "' is not an IP address", e);
    }
  }

  private static X509v3CertificateBuilder builder(
      X500Name issuer, X500Name subject, KeyPair keys, Duration validity) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(
        issuer,
        new BigInteger(127, RANDOM).add(BigInteger.ONE),
        // An hour back: clocks of a cluster's machines differ a little.
        Date.from(now.minus(Duration.ofHours(1))),
        Date.from(now.plus(validity)),
        subject,
        keys.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(
                  new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("cannot sign: " + e.getMessage(), e);
    }
  }

  private static KeyPair newKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot make EC P-256 keys: " + e, e);
    }
  }
}
