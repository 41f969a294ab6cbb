package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventide.deploy.client.HttpAnswer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/state/{ns}/{type}} and {@code eventide state list|export} over a type with more
 * instances than the largest page: the default and largest limits and one past, the cursor, the
 * last page, and an export that pages through all of them.
 */
class StateListIT extends ExamplesNode {
  private static final int IDS = 2_500;
  private static final String TYPE = "/v1/state/bench/count";

  @BeforeAll
  void countersWithState() {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < IDS; i++) {
      lines.append("{\"target\":\"bench/count/").append(id(i)).append("\",\"payload\":").append(i);
      lines.append("}\n");
    }
    assertThat(client.ingest("state-list", lines.toString()).status()).isEqualTo(202);
    assertThat(client.watermark("state-list", Long.MAX_VALUE).status()).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> Json.parse(client.source("state-list")).path("finished").asBoolean());
  }

  @Test
  void aPageIsAHundredIdsInOrderByDefaultWithTheCursorToGoOn() {
    JsonNode page = page("");
    assertThat(ids(page)).hasSize(100).startsWith(id(0)).endsWith(id(99));
    assertThat(page.path("next").asText()).isEqualTo(id(99));
    assertThat(page.has("instances")).isFalse();
    JsonNode second = page("?after=" + id(99));
    assertThat(ids(second)).hasSize(100).startsWith(id(100));
  }

  @Test
  void aThousandIsTheLargestPageAndOneMoreIs400() throws Exception {
    assertThat(ids(page("?limit=1000"))).hasSize(1000);
    assertThat(ids(page("?limit=1"))).containsExactly(id(0));
    for (String bad : List.of("1001", "0", "-1", "many")) {
      assertJsonError(request("GET", TYPE + "?limit=" + bad, null, Map.of()), 400);
    }
    assertJsonError(request("GET", TYPE + "?values=maybe", null, Map.of()), 400);
  }

  @Test
  void pagesOfAThousandWalkEveryIdOnceAndTheLastHasNoNext() {
    List<String> all = new ArrayList<>();
    String after = "";
    JsonNode page;
    do {
      page = page("?limit=1000&after=" + after);
      all.addAll(ids(page));
      after = page.path("next").asText();
    } while (!page.path("next").isNull());
    assertThat(all).hasSize(IDS).doesNotHaveDuplicates().isSorted();
    assertThat(ids(page("?after=" + id(IDS - 1)))).isEmpty();
    assertThat(page("?after=" + id(IDS - 1)).path("next").isNull()).isTrue();
    // Exactly a page's worth left: the page says there is nothing after it.
    JsonNode last = page("?limit=500&after=" + id(IDS - 501));
    assertThat(ids(last)).hasSize(500);
    assertThat(last.path("next").isNull()).isTrue();
  }

  @Test
  void valuesComeWithThePageWhenAskedFor() {
    JsonNode page = page("?limit=3&values=true&after=" + id(40));
    assertThat(page.path("instances").get(0).path("id").asText()).isEqualTo(id(41));
    assertThat(page.path("instances").get(0).path("values").path("count").asLong()).isEqualTo(41);
  }

  @Test
  void anUnknownTypeIs404AndABadNameOrCursorIs400() throws Exception {
    assertJsonError(request("GET", "/v1/state/bench/nothing", null, Map.of()), 404);
    assertJsonError(request("GET", "/v1/state/Bad%20Ns/count", null, Map.of()), 400);
    assertJsonError(request("GET", TYPE + "?after=" + "x".repeat(257), null, Map.of()), 400);
    // The instance route is still the instance route.
    assertThat(Json.longState(client, "bench/count/" + id(7), "count")).isEqualTo(7);
  }

  @Test
  void stateListPrintsAPageAndSaysWhereTheNextBegins() {
    Cli.Result text = cli("state", "list", "bench/count", "--limit", "5", "--after", id(9));
    assertThat(text.exit()).as(text.err()).isZero();
    assertThat(text.out().lines()).containsExactly(id(10), id(11), id(12), id(13), id(14));
    assertThat(text.err()).contains("--after '" + id(14) + "'");
    Cli.Result json = cli("state", "list", "bench/count", "--limit", "1000", "--output", "json");
    assertThat(ids(Json.parse(new HttpAnswer(200, "", json.out().getBytes())))).hasSize(1000);
    Cli.Result past = cli("state", "list", "bench/count", "--limit", "1001");
    assertThat(past.exit()).isEqualTo(1);
    assertThat(past.err()).contains("HTTP 400");
    Cli.Result help = cli("state", "list", "--help");
    assertThat(help.out()).contains("Example:").contains("eventide state list example/counter");
  }

  @Test
  void exportWritesEveryInstanceAsOneJsonLineAcrossPages() throws Exception {
    Cli.Result export = cli("state", "export", "bench/count");
    assertThat(export.exit()).as(export.err()).isZero();
    List<String> lines = export.out().lines().toList();
    assertThat(lines).hasSize(IDS);
    for (int i = 0; i < IDS; i += 499) {
      JsonNode line =
          Json.parse(new HttpAnswer(200, "", lines.get(i).getBytes(StandardCharsets.UTF_8)));
      assertThat(line.path("id").asText()).isEqualTo(id(i));
      assertThat(line.path("values").path("count").asLong()).isEqualTo(i);
    }
    assertThat(export.err()).contains("exported " + IDS + " instances");
    assertThat(cli("state", "export", "bench/nothing").exit()).isEqualTo(1);
    assertThat(cli("state", "export", "--help").out()).contains("Example:");
  }

  private Cli.Result cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--url", node.url().toString()));
    return Cli.run(all.toArray(String[]::new));
  }

  private JsonNode page(String query) {
    HttpAnswer answer = client.get(TYPE + query);
    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    return Json.parse(answer);
  }

  private static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.path("ids").forEach(id -> ids.add(id.asText()));
    return ids;
  }

  private static String id(int i) {
    return String.format("c%05d", i);
  }
}
