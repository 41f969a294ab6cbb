package io.eventide.dispatcher.internal.cluster;

import io.eventide.protocol.LeaseRecord;
import io.eventide.protocol.MemberRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one lease round read: the live members (this one included, as it just renewed) and every
 * stored lease, as of {@code now}; and who should hold each key group by that.
 *
 * <p>The rule every member computes alike: a group held by a live member goes to the rendezvous
 * winner among that holder and the members eligible now ({@link Heartbeat}: not recently lapsed); a
 * group that is free, or held by a member that is gone, goes to the winner among every live member,
 * so a takeover never waits for eligibility.
 *
 * @param now the round's wall-clock time
 * @param self this member's id
 * @param live live members by id
 * @param stored every stored lease record by key group
 */
record KeeperView(
    long now, String self, Map<String, MemberRecord> live, Map<Integer, byte[]> stored) {

  /** The live member the stored lease of {@code keyGroup} names; null if free or its owner died. */
  String holder(int keyGroup) {
    String owner = owner(keyGroup);
    return owner.isEmpty() || !live.containsKey(owner) ? null : owner;
  }

  /** The stored lease's owner; empty when released or never taken. */
  String owner(int keyGroup) {
    byte[] value = stored.get(keyGroup);
    return value == null ? "" : LeaseTable.parse(value).getOwner();
  }

  /** Who should hold {@code keyGroup}. */
  String desired(int keyGroup) {
    String holder = holder(keyGroup);
    List<String> candidates = new ArrayList<>();
    for (MemberRecord m : live.values()) {
      if (holder == null || m.getNodeId().equals(holder) || m.getEligibleFrom() <= now) {
        candidates.add(m.getNodeId());
      }
    }
    return Rendezvous.owner(candidates, keyGroup);
  }

  /** Who takes {@code keyGroup} when this member leaves; null when it is the last. */
  String successor(int keyGroup) {
    Set<String> others = new java.util.TreeSet<>(live.keySet());
    others.remove(self);
    return Rendezvous.owner(others, keyGroup);
  }

  /**
   * Free to take for this member: released, never taken, its owner gone, or named after this member
   * (handed to it, or held by an earlier process under its id, which taking fences off).
   */
  boolean free(int keyGroup) {
    String owner = owner(keyGroup);
    return owner.isEmpty() || !live.containsKey(owner) || owner.equals(self);
  }

  /** The endpoint of a live member; null if it is not live. */
  String endpoint(String nodeId) {
    MemberRecord m = live.get(nodeId);
    return m == null ? null : m.getEndpoint();
  }

  /**
   * Milliseconds until another member's membership runs out or it becomes eligible, when groups may
   * have to move, counted from {@code at}; at most {@code max}. Watching these instants is what
   * lets a takeover follow an expiry at once instead of at the next periodic look.
   */
  long untilNextChange(long at, long max) {
    long next = max;
    for (MemberRecord m : live.values()) {
      if (m.getNodeId().equals(self)) {
        continue;
      }
      next = Math.min(next, m.getExpiresAt() - at);
      if (m.getEligibleFrom() > at) {
        next = Math.min(next, m.getEligibleFrom() - at);
      }
    }
    // Just past the instant: a membership is live while expires_at > now.
    return Math.max(1, Math.min(max, next + 1));
  }

  /** This view with {@code changes} to the stored leases (what this round wrote). */
  KeeperView with(Map<Integer, byte[]> changes) {
    Map<Integer, byte[]> updated = new HashMap<>(stored);
    updated.putAll(changes);
    return new KeeperView(now, self, live, updated);
  }

  /** A lease value naming {@code owner} (empty: released) at {@code epoch}. */
  static byte[] handedTo(String owner, long epoch) {
    return LeaseRecord.newBuilder()
        .setOwner(owner == null ? "" : owner)
        .setEpoch(epoch)
        .build()
        .toByteArray();
  }
}
