package io.eventide.dispatcher.internal.routing;

import java.util.concurrent.ThreadLocalRandom;

/** Message ids: 128 random bits in hex; children of a message derive theirs from its id. */
public final class Ids {
  private Ids() {}

  public static String newMessageId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return "m" + Long.toHexString(r.nextLong()) + Long.toHexString(r.nextLong());
  }

  /** Deterministic, so that a re-run batch produces the same ids for the same effects. */
  public static String child(String parent, int index) {
    return parent + "." + index;
  }
}
