package io.eventide.testing.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The files of one broker in its directory: the server's configuration and Log4j's, and the data.
 *
 * <h2>Thread safety</h2>
 *
 * Immutable.
 */
record BrokerFiles(Path dir, int brokerPort, int controllerPort) {

  Path serverProperties() {
    return dir.resolve("server.properties");
  }

  Path log4jProperties() {
    return dir.resolve("log4j2.properties");
  }

  Path data() {
    return dir.resolve("data");
  }

  /**
   * One node as broker and controller. Replication factors and ISR are 1; retention is off because
   * tests write records with old event times as timestamps, which the default retention of 7 days
   * would delete within minutes. Topics are never created on use, so a missing topic is an error.
   */
  void write() {
    String server =
        String.join(
            "\n",
            "process.roles=broker,controller",
            "node.id=1",
            "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
            "listeners=PLAINTEXT://127.0.0.1:"
                + brokerPort
                + ",CONTROLLER://127.0.0.1:"
                + controllerPort,
            "advertised.listeners=PLAINTEXT://127.0.0.1:" + brokerPort,
            "controller.listener.names=CONTROLLER",
            "inter.broker.listener.name=PLAINTEXT",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "log.dirs=" + data(),
            "num.partitions=1",
            "default.replication.factor=1",
            "min.insync.replicas=1",
            "offsets.topic.replication.factor=1",
            "offsets.topic.num.partitions=4",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "transaction.state.log.num.partitions=4",
            "share.coordinator.state.topic.replication.factor=1",
            "share.coordinator.state.topic.min.isr=1",
            "group.initial.rebalance.delay.ms=0",
            "auto.create.topics.enable=false",
            "log.retention.ms=-1",
            "log.retention.bytes=-1",
            "num.network.threads=2",
            "num.io.threads=4",
            "background.threads=2",
            // A restarted node waits for its previous session to expire before it registers again.
            "broker.session.timeout.ms=3000",
            "broker.heartbeat.interval.ms=500",
            "");
    String log4j =
        String.join(
            "\n",
            "appender.out.type=Console",
            "appender.out.name=out",
            "appender.out.layout.type=PatternLayout",
            "appender.out.layout.pattern=%d{HH:mm:ss.SSS} %-5p [%t] %c{1}: %m%n",
            "rootLogger.level=INFO",
            "rootLogger.appenderRef.out.ref=out",
            // The state change and request loggers repeat every partition move at INFO.
            "logger.state.name=state.change.logger",
            "logger.state.level=WARN",
            "");
    try {
      Files.createDirectories(dir);
      Files.writeString(serverProperties(), server, StandardCharsets.UTF_8);
      Files.writeString(log4jProperties(), log4j, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the broker's configuration in " + dir, e);
    }
  }

  void delete() {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the broker's directory " + dir, e);
    }
  }
}
