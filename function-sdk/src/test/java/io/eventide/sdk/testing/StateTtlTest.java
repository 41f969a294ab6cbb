package io.eventide.sdk.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventide.sdk.Address;
import io.eventide.sdk.Context;
import io.eventide.sdk.ListSpec;
import io.eventide.sdk.ListState;
import io.eventide.sdk.MapSpec;
import io.eventide.sdk.MapState;
import io.eventide.sdk.Message;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.Types;
import io.eventide.sdk.ValueSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * State TTL in the driver, on its manual processing time: a value, a map entry and a list element
 * are there 1 ms before their TTL runs out and gone at it; reads renew what expires after access.
 */
class StateTtlTest {
  static final Duration TTL = Duration.ofSeconds(10);
  static final ValueSpec<String> WRITTEN =
      ValueSpec.named("v").withType(Types.STRING).expireAfterWrite(TTL);
  static final ValueSpec<String> ACCESSED =
      ValueSpec.named("a").withType(Types.STRING).expireAfterAccess(TTL);
  static final ValueSpec<String> PLAIN_V = ValueSpec.named("v").withType(Types.STRING);
  static final MapSpec<String, String> MAP =
      MapSpec.named("m").withTypes(Types.STRING, Types.STRING).expireAfterWrite(TTL);
  static final MapSpec<String, String> MAP_ACCESSED =
      MapSpec.named("ma").withTypes(Types.STRING, Types.STRING).expireAfterAccess(TTL);
  static final ListSpec<String> LIST =
      ListSpec.named("l").withType(Types.STRING).expireAfterWrite(TTL);
  static final ListSpec<String> LIST_ACCESSED =
      ListSpec.named("la").withType(Types.STRING).expireAfterAccess(TTL);
  static final TypeName TYPE = TypeName.of("test", "ttl");
  static final Address A = Address.of("test", "ttl", "a");

  /**
   * Runs one command and replies what it reads: {@code set V}, {@code get}, {@code getA}, {@code
   * setA V}, {@code put K V}, {@code getM K}, {@code entries}, {@code putA K V}, {@code getMA K},
   * {@code add V}, {@code list}, {@code addA V}, {@code listA}.
   */
  static final class Commands implements StatefulFunction {
    @Override
    public void apply(Context context, Message message) {
      String[] w = message.as(Types.STRING).split(" ");
      MapState<String, String> map = context.storage().map(MAP);
      MapState<String, String> mapA = context.storage().map(MAP_ACCESSED);
      ListState<String> list = context.storage().list(LIST);
      ListState<String> listA = context.storage().list(LIST_ACCESSED);
      String out =
          switch (w[0]) {
            case "set" -> {
              context.storage().set(WRITTEN, w[1]);
              yield "ok";
            }
            case "get" -> context.storage().get(WRITTEN).orElse("-");
            case "setA" -> {
              context.storage().set(ACCESSED, w[1]);
              yield "ok";
            }
            case "getA" -> context.storage().get(ACCESSED).orElse("-");
            case "remove" -> {
              context.storage().remove(WRITTEN);
              yield "ok";
            }
            case "put" -> {
              map.put(w[1], w[2]);
              yield "ok";
            }
            case "getM" -> map.get(w[1]).orElse("-") + (map.contains(w[1]) ? "" : "!");
            case "entries" -> {
              StringBuilder seen = new StringBuilder(map.isEmpty() ? "empty:" : "");
              map.entries().forEach(e -> seen.append(e.getKey()).append('=').append(e.getValue()));
              yield seen.toString();
            }
            case "putA" -> {
              mapA.put(w[1], w[2]);
              yield "ok";
            }
            case "getMA" -> mapA.get(w[1]).orElse("-");
            case "add" -> {
              list.add(w[1]);
              yield "ok";
            }
            case "list" -> String.join(",", list.get());
            case "addA" -> {
              listA.add(w[1]);
              yield "ok";
            }
            case "listA" -> String.join(",", listA.get());
            default -> throw new IllegalArgumentException(w[0]);
          };
      context.reply(Types.STRING, out);
    }
  }

  private final FunctionTestDriver driver =
      FunctionTestDriver.create().register(TYPE, Commands::new, WRITTEN, ACCESSED);

  private String run(String command) {
    return driver.call(A, Types.STRING, command, Types.STRING);
  }

  private void advance(long millis) {
    driver.advanceProcessingTime(Duration.ofMillis(millis));
  }

  @Test
  void aValueExpiresExactlyItsTtlAfterItsWriteAndAWriteStartsItAgain() {
    run("set x");
    advance(TTL.toMillis() - 1);
    assertThat(run("get")).isEqualTo("x");
    assertThat(driver.state(A, WRITTEN)).contains("x");
    advance(1);
    assertThat(run("get")).isEqualTo("-");
    assertThat(driver.state(A, WRITTEN)).isEmpty();

    run("set y");
    advance(TTL.toMillis() - 1);
    assertThat(run("get")).as("a read does not renew after write").isEqualTo("y");
    advance(1);
    assertThat(run("get")).isEqualTo("-");
  }

  @Test
  void aReadRenewsAValueThatExpiresAfterAccess() {
    run("setA x");
    advance(TTL.toMillis() - 1);
    assertThat(run("getA")).isEqualTo("x");
    advance(TTL.toMillis() - 1);
    assertThat(run("getA")).as("renewed by the read before").isEqualTo("x");
    advance(TTL.toMillis());
    assertThat(run("getA")).isEqualTo("-");
  }

  @Test
  void aMapEntryExpiresOnItsOwnAndIterationSkipsIt() {
    run("put a 1");
    advance(5_000);
    run("put b 2");
    advance(TTL.toMillis() - 5_000 - 1);
    assertThat(run("entries")).isEqualTo("a=1b=2");
    advance(1);
    assertThat(run("getM a")).isEqualTo("-!");
    assertThat(run("getM b")).isEqualTo("2");
    assertThat(run("entries")).isEqualTo("b=2");
    assertThat(driver.state(A, MAP)).isEqualTo(Map.of("b", "2"));
    advance(5_000);
    assertThat(run("entries")).isEqualTo("empty:");
    assertThat(driver.state(A, MAP)).isEmpty();
  }

  @Test
  void aPointReadRenewsAMapEntryThatExpiresAfterAccess() {
    run("putA k v");
    advance(TTL.toMillis() - 1);
    assertThat(run("getMA k")).isEqualTo("v");
    advance(TTL.toMillis() - 1);
    assertThat(run("getMA k")).isEqualTo("v");
    advance(TTL.toMillis());
    assertThat(run("getMA k")).isEqualTo("-");
  }

  @Test
  void listElementsExpireByTheCallThatAddedThem() {
    run("add a");
    advance(5_000);
    run("add b");
    advance(TTL.toMillis() - 5_000 - 1);
    assertThat(run("list")).isEqualTo("a,b");
    advance(1);
    assertThat(run("list")).isEqualTo("b");
    assertThat(driver.state(A, LIST)).isEqualTo(List.of("b"));
    advance(5_000);
    assertThat(run("list")).isEmpty();
  }

  @Test
  void aListThatExpiresAfterAccessLivesWhileReadAndThenGoesWhole() {
    run("addA a");
    advance(TTL.toMillis() - 1);
    assertThat(run("listA")).isEqualTo("a");
    advance(TTL.toMillis() - 1);
    run("addA b");
    advance(TTL.toMillis() - 1);
    assertThat(driver.state(A, LIST_ACCESSED)).isEqualTo(List.of("a", "b"));
    assertThat(run("listA")).isEqualTo("a,b");
    advance(TTL.toMillis());
    assertThat(driver.state(A, LIST_ACCESSED)).isEmpty();
    assertThat(run("addA c")).isEqualTo("ok");
    assertThat(run("listA")).as("the expired elements do not come back").isEqualTo("c");
  }

  @Test
  void aValueWrittenWithoutATtlIsTakenOverWhenTheSpecGainsOne() {
    FunctionTestDriver before =
        FunctionTestDriver.create().register(TYPE, Commands::new, PLAIN_V, ACCESSED);
    before.setState(A, PLAIN_V, "old");
    assertThat(before.state(A, WRITTEN)).contains("old");
    assertThat(before.call(A, Types.STRING, "get", Types.STRING)).isEqualTo("old");
    before.advanceProcessingTime(TTL);
    assertThat(before.call(A, Types.STRING, "get", Types.STRING))
        .as("its TTL started at the first read with one")
        .isEqualTo("-");
  }

  @Test
  void aRemovedValueStaysRemovedWhicheverFormItHad() {
    FunctionTestDriver plain =
        FunctionTestDriver.create().register(TYPE, Commands::new, PLAIN_V, ACCESSED);
    plain.setState(A, PLAIN_V, "old");
    run("set x"); // another driver: this one's value has a TTL
    run("remove");
    assertThat(run("get")).isEqualTo("-");
    assertThat(driver.state(A, PLAIN_V)).isEmpty();
    plain.setState(A, WRITTEN, "new");
    assertThat(plain.state(A, PLAIN_V)).as("read from its TTL form").contains("new");
    assertThat(plain.call(A, Types.STRING, "remove", Types.STRING)).isEqualTo("ok");
    assertThat(plain.state(A, WRITTEN)).isEmpty();
    assertThat(plain.state(A, PLAIN_V)).isEmpty();
  }

  @Test
  void aTtlIsAtLeastOneMillisecond() {
    assertThat(
            ValueSpec.named("x").withType(Types.LONG).expireAfterWrite(Duration.ofMillis(1)).ttl())
        .contains(Duration.ofMillis(1));
    assertThatThrownBy(
            () -> ValueSpec.named("x").withType(Types.LONG).expireAfterWrite(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> MapSpec.named("x").withTypes(Types.LONG, Types.LONG).expireAfterAccess(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(
            () ->
                ListSpec.named("x")
                    .withType(Types.LONG)
                    .expireAfterAccess(Duration.ofNanos(999_999)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
