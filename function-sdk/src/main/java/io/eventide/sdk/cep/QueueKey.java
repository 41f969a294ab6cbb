package io.eventide.sdk.cep;

import java.util.Comparator;

/**
 * Where an event waits for the watermark: its event time and its arrival number at the key, which
 * orders events of one time as they came.
 */
record QueueKey(long timestamp, long arrival) {
  static final Comparator<QueueKey> ORDER =
      Comparator.comparingLong(QueueKey::timestamp).thenComparingLong(QueueKey::arrival);

  String encode() {
    return timestamp + "/" + arrival;
  }

  static QueueKey decode(String key) {
    int slash = key.indexOf('/');
    return new QueueKey(
        Long.parseLong(key.substring(0, slash)), Long.parseLong(key.substring(slash + 1)));
  }
}
