package io.eventide.parity;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventide.deploy.client.EventideClient;
import io.eventide.deploy.client.HttpAnswer;
import io.eventide.deploy.process.NodeProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A standalone node in a child process, driven over its HTTP API as a user would: deploy the parity
 * jar, post NDJSON events and watermarks, read log egresses. Its JVM is {@link NodeJvm}'s: no Flink
 * and no parity functions (those arrive by deployment only), as in production.
 *
 * <h2>Thread safety</h2>
 *
 * Meant for the test thread; the HTTP client is thread-safe.
 */
final class EventideNode implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final int EGRESS_PAGE = 5_000;

  private final URI url;
  private final Path log;
  private final AutoCloseable owner;
  private final EventideClient client;

  private EventideNode(URI url, Path log, AutoCloseable owner) {
    this.url = url;
    this.log = log;
    this.owner = owner;
    this.client = new EventideClient(url, null, null).withTimeout(Duration.ofSeconds(60));
  }

  /** The HTTP face of a cluster's gateway at {@code url}; closing it closes nothing. */
  static EventideNode gateway(URI url, Path log) {
    return new EventideNode(url, log, () -> {});
  }

  /** Starts a node over {@code dataDir} with {@code --source SPEC} for each of {@code sources}. */
  static EventideNode start(Path dataDir, List<String> sources) {
    List<String> args =
        new ArrayList<>(List.of("--http-port", "0", "--data-dir", dataDir.toString()));
    sources.forEach(source -> args.addAll(List.of("--source", source)));
    Path log =
        Path.of("target", "it-logs", "parity-node-" + ProcessHandle.current().pid() + ".log");
    NodeJvm jvm = NodeJvm.of(List.of("-Xmx768m", "-XX:+UseSerialGC"));
    NodeProcess process =
        NodeProcess.start(jvm.classPath(), jvm.flags(), args, log.toAbsolutePath(), START_TIMEOUT);
    return new EventideNode(process.url(), process.log(), process);
  }

  /** {@code POST /v1/deployments}; returns the function types the node now serves from it. */
  List<String> deploy(Path jar) {
    HttpAnswer answer = client.deploy(jar, "parity").requireOk("deploy " + jar);
    List<String> functions = new ArrayList<>();
    json(answer.text()).path("functions").forEach(type -> functions.add(type.asText()));
    return functions;
  }

  /**
   * {@code POST /v1/ingress/{source}/events} of {@code events}, sent to {@code
   * parity/<type>/<key>}.
   */
  void ingest(String source, String type, List<Event> events) {
    HttpAnswer answer =
        client.ingest(source, ndjson(type, events, -1)).requireOk("ingest into " + source);
    requireAccepted(source, events.size(), answer);
  }

  /**
   * {@code POST /v1/ingress/{source}/events} of ready NDJSON {@code lines}, {@code count} of them.
   */
  void ingestLines(String source, int count, String lines) {
    HttpAnswer answer = client.ingest(source, lines).requireOk("ingest into " + source);
    requireAccepted(source, count, answer);
  }

  /**
   * As {@link #ingest}, each event with the idempotency key {@code <source>-<index in the stream>},
   * {@code first} being the index of the first: a request that failed can be sent again and applies
   * each event once. Returns the answer, whatever its status.
   */
  HttpAnswer ingestKeyed(String source, String type, List<Event> events, int first) {
    HttpAnswer answer = client.ingest(source, ndjson(type, events, first));
    if (answer.status() / 100 == 2) {
      requireAccepted(source, events.size(), answer);
    }
    return answer;
  }

  private static String ndjson(String type, List<Event> events, int first) {
    StringBuilder ndjson = new StringBuilder(events.size() * 96);
    for (int i = 0; i < events.size(); i++) {
      Event event = events.get(i);
      ndjson
          .append("{\"target\":")
          .append(Outcome.write(ParityConfig.NAMESPACE + "/" + type + "/" + event.key()))
          .append(",\"eventTime\":")
          .append(event.timestamp())
          .append(",\"payload\":")
          .append(event.value());
      if (first >= 0) {
        ndjson
            .append(",\"idempotencyKey\":\"")
            .append(type)
            .append('-')
            .append(first + i)
            .append('"');
      }
      ndjson.append("}\n");
    }
    return ndjson.toString();
  }

  private static void requireAccepted(String source, int events, HttpAnswer answer) {
    long accepted = json(answer.text()).path("accepted").asLong(-1);
    if (accepted != events) {
      throw new IllegalStateException(
          source + " accepted " + accepted + " of " + events + " events: " + answer.text());
    }
  }

  /** {@code POST /v1/ingress/{source}/watermark} with {@code Long.MAX_VALUE}: end of input. */
  void endOfInput(String source) {
    endOfInputAnswer(source).requireOk("end of input of " + source);
  }

  /** {@link #endOfInput}, returning the answer whatever its status (it may be sent again). */
  HttpAnswer endOfInputAnswer(String source) {
    byte[] body = ("{\"watermark\": " + Long.MAX_VALUE + "}").getBytes(StandardCharsets.UTF_8);
    return client.post(
        "/v1/ingress/" + source + "/watermark", body, "application/json", null, null);
  }

  /** Whether {@code GET /v1/ingress/{source}} says the source is finished. */
  boolean finished(String source) {
    HttpAnswer answer = client.source(source).requireOk("status of source " + source);
    return json(answer.text()).path("finished").asBoolean();
  }

  /** A reader of egress {@code name} that remembers how far it has read. */
  EgressLog egress(String name) {
    return new EgressLog(name);
  }

  /**
   * The records of the {@code dead-letters} egress whose target is of type {@code parity/<type>}. A
   * dead-lettered event is one Flink counted and Eventide did not: a parity check says so first.
   */
  List<String> deadLetters(String type) {
    String target = "\"target\":\"" + ParityConfig.NAMESPACE + "/" + type + "/";
    return egress("dead-letters").poll().stream()
        .filter(letter -> letter.contains(target))
        .toList();
  }

  /** The node's HTTP client, for endpoints this class has no method for. */
  EventideClient client() {
    return client;
  }

  /** The node's base URL. */
  URI url() {
    return url;
  }

  /** Where the node's logs go. */
  Path log() {
    return log;
  }

  @Override
  public void close() {
    try {
      owner.close();
    } catch (Exception e) {
      throw new IllegalStateException("could not stop the node", e);
    }
  }

  /** The payloads of a log egress, read page by page from where the last poll stopped. */
  final class EgressLog {
    private final String name;
    private final List<String> payloads = new ArrayList<>();
    private long next;

    private EgressLog(String name) {
      this.name = name;
    }

    /** Reads every record added since the last call; returns all read so far. */
    List<String> poll() {
      while (true) {
        HttpAnswer answer = client.egress(name, next, EGRESS_PAGE);
        if (answer.status() == 404) {
          return payloads; // nothing written to it yet
        }
        JsonNode page = json(answer.requireOk("GET /v1/egress/" + name).text());
        JsonNode records = page.path("records");
        records.forEach(record -> payloads.add(record.path("payload").asText()));
        long after = page.path("next").asLong(next);
        if (records.isEmpty() || after <= next) {
          return payloads;
        }
        next = after;
      }
    }
  }

  /**
   * The launcher's {@code --source} setting, e.g. {@code tumbling-sum-one:out-of-orderness=250ms}.
   */
  static String sourceSpec(String source, long outOfOrdernessMillis) {
    return source + ":out-of-orderness=" + outOfOrdernessMillis + "ms";
  }

  private static JsonNode json(String text) {
    try {
      return Outcome.JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("node answered with something not JSON: " + text, e);
    }
  }
}
