package io.eventide.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The files of a development cluster's TLS, in one directory: {@code ca.pem} and {@code
 * ca-key.pem}, and {@code ROLE.pem} with {@code ROLE-key.pem} for each of {@link #ROLES}, every
 * certificate valid for {@code 127.0.0.1} and {@code localhost} (and any further hosts asked for).
 *
 * <h2>Thread safety</h2>
 *
 * Stateless.
 */
public final class ClusterCertificates {
  /** The roles that get a certificate each. */
  public static final List<String> ROLES =
      List.of("state-service", "dispatcher", "worker", "gateway");

  /** The hosts every certificate names. */
  public static final List<String> LOOPBACK = List.of("127.0.0.1", "localhost");

  /** Long enough for any development cluster, short enough not to outlive its purpose. */
  public static final Duration CA_VALIDITY = Duration.ofDays(3650);

  public static final Duration VALIDITY = Duration.ofDays(825);

  private ClusterCertificates() {}

  /** The files {@link #init} writes into {@code dir}, the CA's first. */
  public static List<Path> files(Path dir) {
    List<Path> files = new ArrayList<>(List.of(dir.resolve("ca.pem"), dir.resolve("ca-key.pem")));
    for (String role : ROLES) {
      files.add(certificate(dir, role));
      files.add(key(dir, role));
    }
    return files;
  }

  public static Path certificate(Path dir, String role) {
    return dir.resolve(role + ".pem");
  }

  public static Path key(Path dir, String role) {
    return dir.resolve(role + "-key.pem");
  }

  public static Path ca(Path dir) {
    return dir.resolve("ca.pem");
  }

  /**
   * Makes a new CA and one certificate per role in {@code dir} (created if missing), each valid for
   * the loopback names and {@code moreHosts}. Overwrites nothing: if any of the files exists, an
   * IllegalStateException names them and nothing is written, since a new CA would silently un-trust
   * every certificate the old one signed.
   */
  public static List<Path> init(Path dir, List<String> moreHosts) throws IOException {
    List<Path> existing = files(dir).stream().filter(Files::exists).toList();
    if (!existing.isEmpty()) {
      throw new IllegalStateException(
          "will not overwrite "
              + existing
              + ": remove them to start a new CA, or choose another directory");
    }
    Set<String> hosts = new LinkedHashSet<>(LOOPBACK);
    hosts.addAll(moreHosts);
    Files.createDirectories(dir);
    DevCertificates ca = DevCertificates.newAuthority("eventide development CA", CA_VALIDITY);
    ca.authority().writeTo(ca(dir), dir.resolve("ca-key.pem"));
    for (String role : ROLES) {
      ca.issue("eventide " + role, List.copyOf(hosts), VALIDITY)
          .writeTo(certificate(dir, role), key(dir, role));
    }
    return files(dir);
  }
}
