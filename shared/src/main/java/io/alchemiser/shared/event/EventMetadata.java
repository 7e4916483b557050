package io.alchemiser.shared.event;

import io.alchemiser.shared.trading.Validation;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What every event carries: its own id, the workflow it belongs to, the event that caused it, when
 * and where it was made, and the schema version its body follows.
 */
public record EventMetadata(
    String eventId,
    String eventType,
    String correlationId,
    String causationId,
    Instant timestamp,
    String sourceModule,
    int schemaVersion) {

  /** The schema version this build writes and reads. */
  public static final int SCHEMA_VERSION = 1;

  public EventMetadata {
    Validation.require(eventId, "metadata.eventId");
    Validation.require(eventType, "metadata.eventType");
    Validation.require(correlationId, "metadata.correlationId");
    Validation.require(timestamp, "metadata.timestamp");
    Validation.require(sourceModule, "metadata.sourceModule");
  }

  /** Metadata of a new event of the given type, caused by {@code cause} (null for a first event). */
  public static EventMetadata next(EventType type, String correlationId, EventMetadata cause, String sourceModule) {
    Objects.requireNonNull(type, "type");
    return new EventMetadata(
        UUID.randomUUID().toString(),
        type.wireName(),
        correlationId,
        cause == null ? null : cause.eventId(),
        Instant.now(),
        sourceModule,
        SCHEMA_VERSION);
  }
}
