package io.eventide.sdk.examples;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.eventide.sdk.testing.FunctionTestDriver;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Javadoc examples of map and list state. */
class CollectionExamplesTest {
  // javadoc: MapSpec
  static final MapSpec<String, Long> ITEMS =
      MapSpec.named("items").withTypes(Types.STRING, Types.LONG);

  // end javadoc

  // javadoc: ListSpec
  static final ListSpec<String> EVENTS = ListSpec.named("events").withType(Types.STRING);

  // end javadoc

  /** Counts each SKU of a cart, one map entry per SKU. */
  static final class Cart implements StatefulFunction {
    @Override
    public void apply(Context context, Message message) {
      // javadoc: MapState
      MapState<String, Long> items = context.storage().map(ITEMS);
      String sku = message.as(Types.STRING);
      items.put(sku, items.get(sku).orElse(0L) + 1);
      // end javadoc
    }
  }

  /** Keeps every event it was sent and replies how many it holds. */
  static final class Journal implements StatefulFunction {
    @Override
    public void apply(Context context, Message message) {
      // javadoc: ListState
      ListState<String> events = context.storage().list(EVENTS);
      events.add(message.as(Types.STRING));
      int count = 0;
      for (String event : events.get()) {
        count++;
      }
      // end javadoc
      context.reply(Types.LONG, (long) count);
    }
  }

  @Test
  void aCartCountsItsItemsEntryByEntry() {
    FunctionTestDriver driver =
        FunctionTestDriver.create().register(TypeName.of("shop", "cart"), Cart::new);
    Address alice = Address.of("shop", "cart", "alice");

    driver.send(alice, Types.STRING, "tea");
    driver.send(alice, Types.STRING, "cake");
    driver.send(alice, Types.STRING, "tea");

    assertThat(driver.state(alice, ITEMS))
        .containsExactly(Map.entry("cake", 1L), Map.entry("tea", 2L));
  }

  @Test
  void aJournalKeepsItsEventsInOrder() {
    FunctionTestDriver driver =
        FunctionTestDriver.create().register(TypeName.of("shop", "journal"), Journal::new);
    Address alice = Address.of("shop", "journal", "alice");

    driver.send(alice, Types.STRING, "opened");
    long count = driver.call(alice, Types.STRING, "paid", Types.LONG);

    assertThat(count).isEqualTo(2);
    assertThat(driver.state(alice, EVENTS)).containsExactly("opened", "paid");
  }

  @Test
  void specsAreNamedThenTyped() {
    // javadoc: MapSpec.Named
    MapSpec.Named carts = MapSpec.named("carts");
    MapSpec<String, Long> spec = carts.withTypes(Types.STRING, Types.LONG);
    // end javadoc
    // javadoc: ListSpec.Named
    ListSpec.Named seen = ListSpec.named("seen");
    ListSpec<Long> list = seen.withType(Types.LONG);
    // end javadoc

    assertThat(spec.name()).isEqualTo("carts");
    assertThat(spec.keyType()).isSameAs(Types.STRING);
    assertThat(spec.valueType()).isSameAs(Types.LONG);
    assertThat(list.name()).isEqualTo("seen");
    assertThat(list.type()).isSameAs(Types.LONG);
    assertThat(List.of(spec, list)).hasSize(2);
  }
}
