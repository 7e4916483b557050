package io.alchemiser.shared.event;

import io.alchemiser.shared.trading.Validation;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What every event carries: its own id, the workflow it belongs to, the event that caused it, when
 * and where it was made, the schema version its body follows, and — on every event of a backtest's
 * simulated day, and only there — the backtest's id: each event says by itself whether it is
 * trading or a simulation ({@link #simulated()}), and a caused event inherits it from its cause.
 */
public record EventMetadata(
    String eventId,
    String eventType,
    String correlationId,
    String causationId,
    Instant timestamp,
    String sourceModule,
    int schemaVersion,
    String backtestId) {

  /** The schema version this build writes and reads. */
  public static final int SCHEMA_VERSION = 2;

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
        UUID.randomUUID().toString(),
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
}
