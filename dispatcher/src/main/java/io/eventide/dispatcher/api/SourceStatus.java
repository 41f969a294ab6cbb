package io.eventide.dispatcher.api;

/**
 * Where an ingress source stands ({@code GET /v1/ingress/{source}}).
 *
 * @param source the source's name
 * @param watermark its durable watermark; {@code Long.MAX_VALUE} once its input ended
 * @param accepted events accepted from it (its last sequence number)
 * @param pending work of it not yet done: its events not yet handled, messages between functions
 *     not yet handled and, where its end of input has arrived, the event-time timers that are due;
 *     0 when none is left
 * @param finished true once its input ended and nothing of it is pending: every event processed,
 *     every window it makes due fired
 */
public record SourceStatus(
    String source, long watermark, long accepted, long pending, boolean finished) {}
