package io.eventide.sdk.examples.overview;

import io.eventide.sdk.FunctionModule;
import io.eventide.sdk.FunctionRegistry;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.Types;
import io.eventide.sdk.ValueSpec;

// The SDK's package example: a whole function in its module. A package of its own, since the
// other examples' ShopModule registers a Counter class instead.
// javadoc: io.eventide.sdk
public final class ShopModule implements FunctionModule {
  static final ValueSpec<Long> COUNT = ValueSpec.named("count").withType(Types.LONG);

  public void configure(FunctionRegistry registry) {
    registry.register(
        TypeName.of("shop", "counter"),
        () ->
            (context, message) -> {
              long count = context.storage().get(COUNT).orElse(0L) + message.as(Types.LONG);
              context.storage().set(COUNT, count);
              context.reply(Types.LONG, count);
            },
        COUNT);
  }
}
// end javadoc
