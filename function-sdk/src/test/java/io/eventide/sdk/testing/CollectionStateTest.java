package io.eventide.sdk.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.sdk.Address;
import io.eventide.sdk.Context;
import io.eventide.sdk.Limits;
import io.eventide.sdk.ListSpec;
import io.eventide.sdk.ListState;
import io.eventide.sdk.MapSpec;
import io.eventide.sdk.MapState;
import io.eventide.sdk.Message;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Map and list state under the platform's rules, in the driver: entry by entry, read through what
 * the running and the kept calls changed, paged over the stored entries, dropped with a call that
 * throws, and bounded.
 */
class CollectionStateTest {
  static final MapSpec<String, String> MAP =
      MapSpec.named("m").withTypes(Types.STRING, Types.STRING);
  static final ListSpec<String> LIST = ListSpec.named("l").withType(Types.STRING);
  static final TypeName TYPE = TypeName.of("test", "collections");
  static final Address A = Address.of("test", "collections", "a");

  /**
   * Runs space-separated commands: {@code put K V}, {@code remove K}, {@code clear}, {@code fill N}
   * (keys k000.. with their number), {@code add V}, {@code update V,V}, {@code clear-list}, {@code
   * key N} / {@code value N} (a key or value of N bytes), {@code fail}; replies what it sees after
   * them: the map's entries then the list's elements.
   */
  static final class Commands implements StatefulFunction {
    @Override
    public void apply(Context context, Message message) {
      MapState<String, String> map = context.storage().map(MAP);
      ListState<String> list = context.storage().list(LIST);
      String[] words = message.as(Types.STRING).split(" ");
      for (int i = 0; i < words.length; i++) {
        switch (words[i]) {
          case "put" -> map.put(words[++i], words[++i]);
          case "remove" -> map.remove(words[++i]);
          case "clear" -> map.clear();
          case "fill" -> {
            int n = Integer.parseInt(words[++i]);
            for (int k = 0; k < n; k++) {
              map.put(String.format("k%03d", k), Integer.toString(k));
            }
          }
          case "add" -> list.add(words[++i]);
          case "update" -> list.update(List.of(words[++i].split(",")));
          case "clear-list" -> list.clear();
          case "key" -> map.put("x".repeat(Integer.parseInt(words[++i])), "v");
          case "value" -> map.put("v", "x".repeat(Integer.parseInt(words[++i])));
          case "fail" -> throw new IllegalStateException("asked to fail");
          default -> {}
        }
      }
      if (words[0].equals("key") || words[0].equals("value")) {
        return; // a reply with a value at its limit would be past the reply's own
      }
      StringBuilder seen = new StringBuilder();
      for (Map.Entry<String, String> entry : map.entries()) {
        seen.append(entry.getKey()).append('=').append(entry.getValue()).append(' ');
      }
      seen.append('|');
      for (String element : list.get()) {
        seen.append(' ').append(element);
      }
      context.reply(Types.STRING, seen.toString());
    }
  }

  private final FunctionTestDriver driver =
      FunctionTestDriver.create().register(TYPE, Commands::new).withMaxAttempts(1);

  private String run(String commands) {
    return driver.call(A, Types.STRING, commands, Types.STRING);
  }

  @Test
  void aMapReadsItsOwnWritesAndKeepsThemEntryByEntry() {
    assertThat(run("put b 2 put a 1 put c 3 remove c")).isEqualTo("a=1 b=2 |");
    assertThat(run("put a 9")).isEqualTo("a=9 b=2 |");
    assertThat(run("clear put z 26")).isEqualTo("z=26 |");
    assertThat(driver.state(A, MAP)).containsExactly(Map.entry("z", "26"));
  }

  @Test
  void iterationPagesOverTheStoredEntriesWithTheCallsChangesLaidOver() {
    run("fill 200");
    TreeMap<String, String> expected = new TreeMap<>();
    for (int k = 0; k < 200; k++) {
      expected.put(String.format("k%03d", k), Integer.toString(k));
    }
    expected.remove("k010");
    expected.put("k0105", "new");
    expected.put("k150", "changed");
    expected.remove("k199");

    String seen = run("remove k010 put k0105 new put k150 changed remove k199");

    StringBuilder want = new StringBuilder();
    expected.forEach((k, v) -> want.append(k).append('=').append(v).append(' '));
    assertThat(seen).isEqualTo(want + "|");
    assertThat(driver.state(A, MAP)).containsExactlyEntriesOf(expected);
  }

  @Test
  void aCallThatThrowsLeavesMapsAndListsAsTheyWere() {
    run("put a 1 add x");

    driver.send(A, Types.STRING, "put a 2 put b 3 clear-list add y fail");

    assertThat(driver.deadLetters())
        .singleElement()
        .extracting(d -> d.error().code())
        .isEqualTo("HANDLER_ERROR");
    assertThat(run("")).isEqualTo("a=1 | x");
  }

  @Test
  void aListAppendsReplacesAndClears() {
    assertThat(run("add a add b")).isEqualTo("| a b");
    assertThat(run("add c")).isEqualTo("| a b c");
    assertThat(run("update x,y")).isEqualTo("| x y");
    assertThat(run("clear-list add z")).isEqualTo("| z");
    assertThat(driver.state(A, LIST)).containsExactly("z");
  }

  @Test
  void keysAndValuesAreBoundedAtTheirLimits() {
    driver.send(A, Types.STRING, "key " + Limits.MAX_MAP_KEY_BYTES);
    driver.send(A, Types.STRING, "value " + Limits.MAX_MESSAGE_BYTES);
    driver.send(A, Types.STRING, "key " + (Limits.MAX_MAP_KEY_BYTES + 1));
    driver.send(A, Types.STRING, "value " + (Limits.MAX_MESSAGE_BYTES + 1));

    List<String> codes = new ArrayList<>();
    driver.deadLetters().forEach(d -> codes.add(d.error().code()));
    assertThat(codes).containsExactly("TOO_LARGE", "TOO_LARGE");
    Map<String, String> stored = driver.state(A, MAP);
    assertThat(stored.keySet()).containsExactly("v", "x".repeat(Limits.MAX_MAP_KEY_BYTES));
    assertThat(stored.get("v")).hasSize(Limits.MAX_MESSAGE_BYTES);
  }

  @Test
  void mapsNeedNoRegistrationAndLiveApartFromValuesAndLists() {
    run("put l 1 add m");

    assertThat(driver.state(A, MAP)).containsExactly(Map.entry("l", "1"));
    assertThat(driver.state(A, LIST)).containsExactly("m");
    assertThat(driver.state(A, MapSpec.named("l").withTypes(Types.STRING, Types.STRING))).isEmpty();
  }
}
