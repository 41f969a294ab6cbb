package io.eventide.dispatcher.internal.eventtime;

/**
 * Where an ingress source stands: the last sequence number it handed out, its watermark after that
 * event, and when it last saw an event or a posted watermark. Immutable; a source's clock replaces
 * it as a whole.
 */
public record SourceProgress(long sequence, long watermark, long updatedAt) {
  static final SourceProgress EMPTY = new SourceProgress(0, Long.MIN_VALUE, 0);
}
