package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventide.deploy.client.EventideClient;
import io.eventide.deploy.client.HttpAnswer;
import io.eventide.deploy.process.NodeProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * State TTL on a node process, across a restart: a value, a map entry and list elements written
 * with a TTL of {@value #TTL_SECONDS} s are still there after the node restarts, handlers and the
 * state API stop showing them once it runs out, and a value with a TTL of an hour stays.
 */
class StateTtlIT {
  static final int TTL_SECONDS = 10;

  private static final Map<String, String> SOURCES =
      Map.of(
          "ttl.Keeper",
          """
          package ttl;
          import io.eventide.sdk.*;
          import java.time.Duration;
          /** write: sets everything; anything else: replies what it sees, the basket left unread. */
          public final class Keeper implements StatefulFunction {
            static final Duration SHORT = Duration.ofSeconds(%d);
            static final ValueSpec<String> TOKEN =
                ValueSpec.named("token").withType(Types.STRING).expireAfterWrite(SHORT);
            static final ValueSpec<String> KEPT =
                ValueSpec.named("kept").withType(Types.STRING).expireAfterWrite(Duration.ofHours(1));
            static final MapSpec<String, String> SEEN =
                MapSpec.named("seen").withTypes(Types.STRING, Types.STRING).expireAfterWrite(SHORT);
            static final ListSpec<String> RECENT =
                ListSpec.named("recent").withType(Types.STRING).expireAfterWrite(SHORT);
            static final ListSpec<String> BASKET =
                ListSpec.named("basket").withType(Types.STRING).expireAfterAccess(SHORT);
            public void apply(Context c, Message m) {
              Storage s = c.storage();
              if (m.as(Types.STRING).equals("write")) {
                s.set(TOKEN, "t");
                s.set(KEPT, "k");
                s.map(SEEN).put("a", "1");
                s.list(RECENT).add("r");
                s.list(BASKET).add("b");
              }
              c.reply(Types.STRING, s.get(TOKEN).orElse("-") + " " + s.get(KEPT).orElse("-") + " "
                  + s.map(SEEN).get("a").orElse("-") + " " + String.join(",", s.list(RECENT).get()));
            }
          }
          """
              .formatted(TTL_SECONDS),
          "ttl.Module",
          """
          package ttl;
          import io.eventide.sdk.*;
          public final class Module implements FunctionModule {
            public void configure(FunctionRegistry r) {
              r.register(TypeName.of("ttl", "keeper"), Keeper::new, Keeper.TOKEN, Keeper.KEPT);
            }
          }
          """);

  @TempDir Path tmp;

  @Test
  void stateWithATtlSurvivesARestartUntilItExpiresAndIsThenGoneEverywhere() throws Exception {
    Path data = tmp.resolve("data");
    NodeProcess node = TestNodes.start(data);
    try {
      EventideClient client = client(node);
      Path jar =
          Files.write(
              tmp.resolve("ttl.jar"), BrokenJars.jar(tmp, SOURCES, "ttl.Module", List.of()));
      HttpAnswer deployed = client.deploy(jar, "ttl");
      assertThat(deployed.status()).as(deployed.text()).isEqualTo(201);

      long written = System.currentTimeMillis();
      assertThat(call(client, "write")).isEqualTo("t k 1 r");

      node.stop(Duration.ofSeconds(20));
      node = TestNodes.start(data);
      client = client(node);

      String afterRestart = call(client, "read");
      JsonNode instance = Json.parse(client.state("ttl/keeper/one"));
      List<String> seen = entries(client, "maps/seen", "entries");
      List<String> recent = entries(client, "lists/recent", "elements");
      List<String> basket = entries(client, "lists/basket", "elements");
      assertThat(System.currentTimeMillis() - written)
          .as("the restart must take less than the TTL for this test to tell anything")
          .isLessThan(TTL_SECONDS * 1000L);
      assertThat(afterRestart).isEqualTo("t k 1 r");
      assertThat(names(instance.path("values"))).containsExactly("kept", "token");
      assertThat(instance.path("maps").toString()).isEqualTo("[\"seen\"]");
      assertThat(instance.path("lists").toString()).isEqualTo("[\"basket\",\"recent\"]");
      assertThat(seen).containsExactly("YQ==");
      assertThat(recent).containsExactly("cg==");
      assertThat(basket).containsExactly("Yg==");
      // When each expires, beside it: written at `written` at the earliest, plus its TTL.
      long ttl = TTL_SECONDS * 1000L;
      JsonNode expiries = instance.path("expiresAt");
      assertThat(names(expiries)).containsExactly("kept", "token");
      assertThat(expiries.path("token").asLong()).isBetween(written + ttl, written + 2 * ttl);
      assertThat(expiries.path("kept").asLong()).isGreaterThan(written + 3_000_000L);
      JsonNode mapPage = Json.parse(client.get("/v1/state/ttl/keeper/one/maps/seen"));
      assertThat(mapPage.path("entries").get(0).path("expiresAt").asLong())
          .isEqualTo(expiries.path("token").asLong());
      for (String list : List.of("recent", "basket")) {
        JsonNode listPage = Json.parse(client.get("/v1/state/ttl/keeper/one/lists/" + list));
        assertThat(listPage.path("expiresAt")).hasSize(1);
        assertThat(listPage.path("expiresAt").get(0).asLong())
            .isEqualTo(expiries.path("token").asLong());
      }

      EventideClient later = client;
      await()
          .atMost(Duration.ofSeconds(TTL_SECONDS + 15))
          .pollInterval(Duration.ofMillis(250))
          .untilAsserted(() -> assertThat(call(later, "read")).isEqualTo("- k - "));
      assertThat(System.currentTimeMillis() - written).isGreaterThanOrEqualTo(TTL_SECONDS * 1000L);
      JsonNode expired = Json.parse(client.state("ttl/keeper/one"));
      assertThat(names(expired.path("values"))).containsExactly("kept");
      assertThat(names(expired.path("expiresAt"))).containsExactly("kept");
      assertThat(entries(client, "maps/seen", "entries")).isEmpty();
      assertThat(entries(client, "lists/recent", "elements")).isEmpty();
      assertThat(entries(client, "lists/basket", "elements")).isEmpty();
    } finally {
      node.close();
    }
  }

  private static List<String> names(JsonNode values) {
    List<String> names = new ArrayList<>();
    values.fieldNames().forEachRemaining(names::add);
    names.sort(null);
    return names;
  }

  /** The keys (of a map) or elements (of a list) on the first page, as their base64. */
  private static List<String> entries(EventideClient client, String path, String field)
      throws Exception {
    HttpAnswer page = client.get("/v1/state/ttl/keeper/one/" + path);
    assertThat(page.status()).as(page.text()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    Json.parse(page)
        .path(field)
        .forEach(
            e ->
                out.add(
                    e.has("key")
                        ? e.path("key").path("base64").asText()
                        : e.path("base64").asText()));
    return out;
  }

  private static EventideClient client(NodeProcess node) {
    return new EventideClient(node.url(), null, null).withTimeout(Duration.ofSeconds(60));
  }

  private static String call(EventideClient client, String command) {
    HttpAnswer answer =
        client.call("ttl/keeper/one", command.getBytes(StandardCharsets.UTF_8), "text/plain", null);
    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    return answer.text();
  }
}
