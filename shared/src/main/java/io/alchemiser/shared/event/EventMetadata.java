package io.alchemiser.shared.event;

import io.alchemiser.shared.trading.Validation;

import java.time.Instant;
import java.util.Objects;

/**
 * What every event carries: its own id, the workflow it belongs to, the event that caused it, when
 * and where it was made, the schema version its body follows, and — on every event of a backtest's
 * simulated day, and only there — the backtest's id: each event says by itself whether it is
 * trading or a simulation ({@link #simulated()}), and a caused event inherits it from its cause.
 */
@com.fasterxml.jackson.databind.annotation.JsonDeserialize(using = EventMetadataReader.class)
public record EventMetadata(
    String eventId,
    String eventType,
    String correlationId,
    String causationId,
    Instant timestamp,
    String sourceModule,
    int schemaVersion,
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String backtestId) {

  /** The schema version this build writes and reads. */
  public static final int SCHEMA_VERSION = 1;

  public EventMetadata {
    Validation.require(eventId, "metadata.eventId");
    Validation.require(eventType, "metadata.eventType");
    Validation.require(correlationId, "metadata.correlationId");
    Validation.require(timestamp, "metadata.timestamp");
    Validation.require(sourceModule, "metadata.sourceModule");
  }

  /**
   * Metadata of a new event of the given type, caused by {@code cause} (null for a first event):
   * a simulation's event stays one.
   */
  public static EventMetadata next(EventType type, String correlationId, EventMetadata cause, String sourceModule) {
    return next(type, correlationId, cause, sourceModule, cause == null ? null : cause.backtestId());
  }

  /** The same, marked as an event of backtest {@code backtestId}'s simulated day (null: a live workflow's). */
  public static EventMetadata next(EventType type, String correlationId, EventMetadata cause, String sourceModule, String backtestId) {
    Objects.requireNonNull(type, "type");
    return new EventMetadata(
        Ids.next(),
        type.wireName(),
        correlationId,
        cause == null ? null : cause.eventId(),
        Instant.now(),
        sourceModule,
        SCHEMA_VERSION,
        backtestId);
  }

  /** An event of a backtest's simulated day: not trading, not news, not journaled. */
  public boolean simulated() {
    return backtestId != null;
  }

  /**
   * New event ids: unique without a random number per event. {@code UUID.randomUUID()} draws from one
   * shared SecureRandom under a lock, on every event of every module; here the first half of the id
   * is drawn once per process and the second half counts, so ids of one process never repeat and two
   * processes share a prefix with odds of 2^-64. Written as a UUID, as event ids always were.
   */
  private static final class Ids {
    private static final long PROCESS = new java.security.SecureRandom().nextLong();
    private static final java.util.concurrent.atomic.AtomicLong COUNT =
        new java.util.concurrent.atomic.AtomicLong(new java.security.SecureRandom().nextLong());

    private Ids() {
    }

    static String next() {
      return new java.util.UUID(PROCESS, COUNT.incrementAndGet()).toString();
    }
  }
}
