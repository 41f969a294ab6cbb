package io.eventide.tls;

import io.grpc.util.CertificateUtils;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * Reads and writes the PEM files of certificates and PKCS#8 private keys, with errors that name the
 * file and what was expected in it: an operator reads them at start-up, when a path or a format is
 * wrong.
 */
final class PemFiles {
  private static final Base64.Encoder BASE64 =
      Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

  private PemFiles() {}

  /** The certificates of {@code file}, at least one; {@code what} names the file in errors. */
  static X509Certificate[] certificates(String what, Path file) {
    X509Certificate[] chain;
    try (InputStream in = Files.newInputStream(file)) {
      chain = CertificateUtils.getX509Certificates(in);
    } catch (IOException e) {
      throw new IllegalArgumentException(what + " " + file + " cannot be read: " + e, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          what + " " + file + " is not a PEM certificate: " + e.getMessage(), e);
    }
    if (chain.length == 0) {
      throw new IllegalArgumentException(
          what + " " + file + " holds no '-----BEGIN CERTIFICATE-----' block");
    }
    return chain;
  }

  /** The PKCS#8 private key (RSA or EC) of {@code file}. */
  static PrivateKey privateKey(String what, Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalArgumentException(what + " " + file + " cannot be read: " + e, e);
    }
    if (!text.contains("-----BEGIN PRIVATE KEY-----")) {
      throw new IllegalArgumentException(
          what
              + " "
              + file
              + " holds no PKCS#8 '-----BEGIN PRIVATE KEY-----' block (convert a PKCS#1 or SEC1"
              + " key with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8)");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return CertificateUtils.getPrivateKey(in);
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          what + " " + file + " is not a usable RSA or EC private key: " + e, e);
    }
  }

  /** One PEM block of {@code type} ("CERTIFICATE", "PRIVATE KEY") around {@code der}. */
  static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + BASE64.encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
