/**
 * The Eventide SDK: what a function author compiles against.
 *
 * <p>A function is a {@link io.eventide.sdk.StatefulFunction} registered under a {@link
 * io.eventide.sdk.TypeName} by a {@link io.eventide.sdk.FunctionModule}; each {@link
 * io.eventide.sdk.Address} ({@code namespace/type/id}) is one instance with its own state. The
 * platform calls the function once per message, one message at a time per address, and commits
 * everything it did through its {@link io.eventide.sdk.Context} exactly once.
 *
 * <pre>{@code
 * public final class ShopModule implements FunctionModule {
 *   static final ValueSpec<Long> COUNT = ValueSpec.named("count").withType(Types.LONG);
 *
 *   public void configure(FunctionRegistry registry) {
 *     registry.register(TypeName.of("shop", "counter"), () -> (context, message) -> {
 *       long count = context.storage().get(COUNT).orElse(0L) + message.as(Types.LONG);
 *       context.storage().set(COUNT, count);
 *       context.reply(Types.LONG, count);
 *     }, COUNT);
 *   }
 * }
 * }</pre>
 *
 * <p>Time comes in two domains, as in Flink: event time (the watermark, {@code onTimer}, the
 * default window assigners) and processing time (the platform's clock, {@code onProcessingTimer},
 * the {@code Windows.*ProcessingTime} assigners). A module may also declare how an ingress source's
 * watermark is derived, with a {@link io.eventide.sdk.SourceSpec}.
 *
 * <p>Test functions with {@link io.eventide.sdk.testing.FunctionTestDriver}. Nothing in this
 * package exposes a type of a library (Jackson is used inside {@link io.eventide.sdk.Types#json}
 * only), so users' class paths never clash with the platform's.
 */
package io.eventide.sdk;
