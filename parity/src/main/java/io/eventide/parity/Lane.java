package io.eventide.parity;

/**
 * How a stream is ingested into Eventide. Each lane of a configuration has its own function type,
 * source and egresses, so that the lanes' watermarks cannot hold each other back; Flink sees one
 * stream, and both lanes must match it.
 */
public enum Lane {
  /** The whole stream in one NDJSON request. */
  ONE_REQUEST("one"),
  /** The stream cut into NDJSON requests of random (seeded) sizes. */
  RANDOM_REQUESTS("split");

  private final String id;

  Lane(String id) {
    this.id = id;
  }

  /** The lane's part of type, source and egress names. */
  public String id() {
    return id;
  }
}
