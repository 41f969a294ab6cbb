/**
 * Unit-testing functions without a platform: {@link io.eventide.sdk.testing.FunctionTestDriver}
 * runs them synchronously, in memory, with manual processing time and event time.
 *
 * <pre>{@code
 * FunctionTestDriver driver = FunctionTestDriver.of(new ShopModule());
 * assertThat(driver.call(Address.of("shop", "counter", "a"), Types.LONG, 2L, Types.LONG)).isEqualTo(2L);
 * }</pre>
 */
package io.eventide.sdk.testing;
