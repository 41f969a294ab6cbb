package io.eventide.dispatcher.internal.cluster;

import java.util.Collection;

/**
 * What a dispatcher does when its share of key groups changes. Called on the lease keeper's thread,
 * one call at a time.
 *
 * <h2>Thread safety</h2>
 *
 * Implementations must be safe to call from the keeper's thread.
 */
public interface LeaseListener {
  /** {@code keyGroup} is held now: its commits are fenced on the new epoch; start serving it. */
  void acquired(int keyGroup);

  /**
   * {@link #acquired(int)} for the groups one round took; implementations that read the store for
   * each should read for all of them at once.
   */
  default void acquired(Collection<Integer> keyGroups) {
    keyGroups.forEach(this::acquired);
  }

  /**
   * {@code keyGroup} is about to be handed to another member: stop taking its work and return once
   * nothing of it is in flight. Its lease is released right after.
   */
  void releasing(int keyGroup);

  /**
   * {@link #releasing(int)} for several groups at once; implementations that can stop them in
   * parallel should, so a hand-over waits for the slowest group, not the sum.
   */
  default void releasing(Collection<Integer> keyGroups) {
    keyGroups.forEach(this::releasing);
  }

  /**
   * {@code keyGroup} was taken by another member while this one was not looking (it was paused or
   * cut off past its membership's expiry). Its commits already fail as fenced; drop its work.
   */
  void lost(int keyGroup);

  /**
   * {@link #lost(int)} for the groups one round found taken; implementations should drop them
   * together (a dispatcher paused past its membership's expiry loses all of its groups at once).
   */
  default void lost(Collection<Integer> keyGroups) {
    keyGroups.forEach(this::lost);
  }

  /** A listener that does nothing, for members that only hold leases (tests, tools). */
  LeaseListener NONE =
      new LeaseListener() {
        @Override
        public void acquired(int keyGroup) {}

        @Override
        public void releasing(int keyGroup) {}

        @Override
        public void lost(int keyGroup) {}
      };
}
