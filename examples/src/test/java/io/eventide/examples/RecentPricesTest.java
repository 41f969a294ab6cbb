package io.eventide.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.sdk.Address;
import io.eventide.sdk.Types;
import io.eventide.sdk.testing.FunctionTestDriver;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentPricesTest {
  final FunctionTestDriver driver = FunctionTestDriver.of(new ExamplesModule());
  final Address tea = Address.of("shop", "recent-prices", "tea");

  @Test
  void keepsTheLastThreePricesAndCountsFiringsPerWindowAndPerProduct() {
    for (long price = 1; price <= 4; price++) {
      driver.send(tea, Types.LONG, price, 1_000 * price);
    }
    driver.advanceWatermark(59_999);
    driver.send(tea, Types.LONG, 9L, 500); // late, within the lateness: fires again
    driver.send(tea, Types.LONG, 7L, 61_000);
    driver.advanceWatermark(119_999);

    assertThat(driver.egress(RecentPrices.EGRESS, RecentPrices.Result.JSON))
        .containsExactly(
            new RecentPrices.Result("tea", 0, List.of(2L, 3L, 4L), 1, 1),
            new RecentPrices.Result("tea", 0, List.of(3L, 4L, 9L), 2, 2),
            new RecentPrices.Result("tea", 60_000, List.of(7L), 1, 3));
  }

  @Test
  void writesTheDocumentedJson() {
    driver.send(tea, Types.LONG, 5L, 1_000);
    driver.send(tea, Types.LONG, 6L, 2_000);
    driver.advanceWatermark(60_000);

    assertThat(driver.egress(RecentPrices.EGRESS, Types.STRING))
        .containsExactly(
            "{\"key\":\"tea\",\"start\":0,\"prices\":[5,6],\"firing\":1,\"firings\":1}");
  }
}
