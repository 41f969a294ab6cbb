package io.eventide.sdk.examples;

import io.eventide.sdk.Type;
import io.eventide.sdk.Types;

/** The JSON types the examples send and decode. */
final class Orders {
  // javadoc: Types#json
  record Order(String id, long cents) {}

  static final Type<Order> ORDER = Types.json(Order.class);

  // end javadoc

  /** What the checkout of {@code Context}'s example writes to its egress. */
  record Notice(String orderId) {}

  private Orders() {}
}
