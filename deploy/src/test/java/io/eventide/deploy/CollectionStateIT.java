package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventide.deploy.client.EventideClient;
import io.eventide.deploy.client.HttpAnswer;
import io.eventide.deploy.process.NodeProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Map and list state on a node process, kept across a restart: a map of hundreds of entries read
 * page by page, entries in parts (over the store's 100 kB value limit) among small ones, keys whose
 * encodings extend one another, and a list that grows by appending.
 */
class CollectionStateIT {
  private static final Map<String, String> SOURCES =
      Map.of(
          "coll.Shelf",
              """
          package coll;
          import io.eventide.sdk.*;
          import java.util.Map;
          /**
           * Runs space-separated commands (put K SIZE, nul K, remove K, fill N, add V), then replies
           * the map as key:length:first-char and the list after a bar.
           */
          public final class Shelf implements StatefulFunction {
            static final MapSpec<String, byte[]> ITEMS =
                MapSpec.named("items").withTypes(Types.STRING, Types.BYTES);
            static final ListSpec<String> LOG = ListSpec.named("log").withType(Types.STRING);
            public void apply(Context c, Message m) {
              MapState<String, byte[]> items = c.storage().map(ITEMS);
              ListState<String> log = c.storage().list(LOG);
              String[] w = m.as(Types.STRING).trim().split(" ");
              for (int i = 0; i < w.length; i++) {
                switch (w[i]) {
                  case "put" -> {
                    String key = w[++i];
                    byte[] value = new byte[Integer.parseInt(w[++i])];
                    java.util.Arrays.fill(value, (byte) key.charAt(0));
                    items.put(key, value);
                  }
                  case "nul" -> items.put(w[++i] + "\\0", new byte[] {'n'});
                  case "remove" -> items.remove(w[++i]);
                  case "fill" -> {
                    int n = Integer.parseInt(w[++i]);
                    for (int k = 0; k < n; k++) {
                      items.put(String.format("k%03d", k), new byte[] {(byte) ('0' + k % 10)});
                    }
                  }
                  case "add" -> log.add(w[++i]);
                  default -> {}
                }
              }
              StringBuilder out = new StringBuilder();
              for (Map.Entry<String, byte[]> e : items.entries()) {
                out.append(e.getKey().replace("\\0", "~")).append(':').append(e.getValue().length)
                    .append(':').append((char) e.getValue()[0]).append(' ');
              }
              out.append('|');
              for (String s : log.get()) {
                out.append(' ').append(s);
              }
              c.reply(Types.STRING, out.toString());
            }
          }
          """,
          "coll.Module",
              """
          package coll;
          import io.eventide.sdk.*;
          public final class Module implements FunctionModule {
            public void configure(FunctionRegistry r) {
              r.register(TypeName.of("coll", "shelf"), Shelf::new);
            }
          }
          """);

  @TempDir Path tmp;

  @Test
  void mapsAndListsAreKeptEntryByEntryAcrossARestart() throws Exception {
    Path data = tmp.resolve("data");
    NodeProcess node = TestNodes.start(data);
    TreeMap<String, String> expected = new TreeMap<>();
    try {
      EventideClient client = client(node);
      Path jar =
          Files.write(
              tmp.resolve("coll.jar"), BrokenJars.jar(tmp, SOURCES, "coll.Module", List.of()));
      HttpAnswer deployed = client.deploy(jar, "coll");
      assertThat(deployed.status()).as(deployed.text()).isEqualTo(201);

      call(client, "fill 300");
      for (int k = 0; k < 300; k++) {
        expected.put(String.format("k%03d", k), "1:" + (char) ('0' + k % 10));
      }
      call(client, "put big1 200000 put big2 700000 put a 1 nul a add x");
      call(client, "add y");
      expected.put("big1", "200000:b");
      expected.put("big2", "700000:b");
      expected.put("a", "1:a");
      expected.put("a~", "1:n"); // "a\0": its key's encoding extends that of "a"
      assertThat(call(client, "")).isEqualTo(render(expected) + "| x y");

      node.stop(Duration.ofSeconds(20));
      node = TestNodes.start(data);
      client = client(node);

      expected.remove("k010");
      expected.put("k0105", "5:k");
      expected.put("big1", "3:b");
      expected.remove("a");
      assertThat(call(client, "remove k010 put k0105 5 put big1 3 remove a add z"))
          .isEqualTo(render(expected) + "| x y z");
      assertThat(call(client, "")).isEqualTo(render(expected) + "| x y z");
      queries(client, expected);
    } finally {
      node.close();
    }
  }

  /** The state API shows the names, and pages through the map and the list. */
  private static void queries(EventideClient client, TreeMap<String, String> expected)
      throws Exception {
    JsonNode instance = Json.parse(client.state("coll/shelf/one"));
    assertThat(instance.path("maps").toString()).isEqualTo("[\"items\"]");
    assertThat(instance.path("lists").toString()).isEqualTo("[\"log\"]");

    List<String> keys = new ArrayList<>();
    String after = "";
    int pages = 0;
    do {
      HttpAnswer page = client.get("/v1/state/coll/shelf/one/maps/items?limit=64&after=" + after);
      assertThat(page.status()).as(page.text()).isEqualTo(200);
      JsonNode body = Json.parse(page);
      body.path("entries")
          .forEach(
              entry ->
                  keys.add(
                      new String(
                              Base64.getDecoder().decode(entry.path("key").path("base64").asText()),
                              StandardCharsets.UTF_8)
                          .replace("\0", "~")));
      after = body.path("next").isNull() ? null : body.path("next").asText();
      pages++;
    } while (after != null);
    assertThat(pages).isGreaterThan(4);
    assertThat(keys).containsExactlyElementsOf(expected.keySet());

    JsonNode list = Json.parse(client.get("/v1/state/coll/shelf/one/lists/log"));
    List<String> elements = new ArrayList<>();
    list.path("elements")
        .forEach(
            e ->
                elements.add(
                    new String(
                        Base64.getDecoder().decode(e.path("base64").asText()),
                        StandardCharsets.UTF_8)));
    assertThat(elements).containsExactly("x", "y", "z");
    assertThat(list.path("next").isNull()).isTrue();

    assertThat(client.get("/v1/state/coll/shelf/one/maps/items?limit=1001").status())
        .isEqualTo(400);
    assertThat(client.get("/v1/state/coll/shelf/one/maps/items?limit=1000").status())
        .isEqualTo(200);
    assertThat(client.get("/v1/state/coll/shelf/one/maps/items?after=***").status()).isEqualTo(400);
    assertThat(client.get("/v1/state/coll/shelf/one/maps/Bad-Name").status()).isEqualTo(400);
    assertThat(client.get("/v1/state/coll/nope/one/maps/items").status()).isEqualTo(404);
    assertThat(Json.parse(client.get("/v1/state/coll/shelf/one/maps/none")).path("entries"))
        .isEmpty();
  }

  private static EventideClient client(NodeProcess node) {
    return new EventideClient(node.url(), null, null).withTimeout(Duration.ofSeconds(60));
  }

  private static String call(EventideClient client, String commands) {
    HttpAnswer answer =
        client.call(
            "coll/shelf/one", commands.getBytes(StandardCharsets.UTF_8), "text/plain", null);
    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    return answer.text();
  }

  /** The reply's rendering of {@code entries}, in the order the store keeps the keys. */
  private static String render(TreeMap<String, String> entries) {
    // "a~" stands for "a\0", which sorts right after "a" and before "b" in byte order, as "a~"
    // does among these keys.
    StringBuilder out = new StringBuilder();
    entries.forEach((key, value) -> out.append(key).append(':').append(value).append(' '));
    return out.toString();
  }
}
