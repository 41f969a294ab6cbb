package io.eventide.deploy;

import io.eventide.tls.ClusterCertificates;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code eventide certs}: development certificates for TLS. */
@Command(
    name = "certs",
    mixinStandardHelpOptions = true,
    description = "Development certificates for the cluster's mutual TLS and the gateway's HTTPS.",
    subcommands = CertsCommand.Init.class)
final class CertsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }

  /** {@code eventide certs init DIR}: see {@link ClusterCertificates#init}. */
  @Command(
      name = "init",
      mixinStandardHelpOptions = true,
      description = {
        "Write a new development CA and one certificate per role into DIR: ca.pem, ca-key.pem, and"
            + " ROLE.pem with ROLE-key.pem for state-service, dispatcher, worker and gateway.",
        "Each certificate serves as TLS server and client certificate, for 127.0.0.1, localhost"
            + " and every --host. Keys are PKCS#8 PEM readable by their owner only.",
        "Existing files are never overwritten: remove them to start a new CA."
      })
  static final class Init implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(
        index = "0",
        paramLabel = "DIR",
        description = "Where to write (created if missing).")
    Path dir;

    @Option(
        names = "--host",
        paramLabel = "NAME",
        description =
            "A further DNS name or IP address every certificate is valid for; repeatable.")
    List<String> hosts = new ArrayList<>();

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      List<Path> written;
      try {
        written = ClusterCertificates.init(dir, hosts);
      } catch (IOException | IllegalStateException | IllegalArgumentException e) {
        err.println("eventide: certs init: " + e.getMessage());
        err.flush();
        return 1;
      }
      PrintWriter out = spec.commandLine().getOut();
      written.forEach(file -> out.println("wrote " + file));
      out.println(
          "eventide: a development CA: give production clusters certificates from their own CA");
      out.flush();
      return 0;
    }
  }
}
