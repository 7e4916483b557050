package io.alchemiser.shared.event;

import io.alchemiser.shared.json.InstantText;
import io.alchemiser.shared.json.Json;
import io.alchemiser.shared.trading.Validation;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;

/**
 * What every event carries: its own id, the workflow it belongs to, the event that caused it, when
 * and where it was made, the schema version its body follows, and — on every event of a backtest's
 * simulated day, and only there — the backtest's id: each event says by itself whether it is
 * trading or a simulation ({@link #simulated()}), and a caused event inherits it from its cause.
 */
@com.fasterxml.jackson.databind.annotation.JsonDeserialize(using = EventMetadata.Reader.class)
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

  /**
   * Reads an {@link EventMetadata} straight from the parser, as strictly as before (every field
   * required but {@code backtestId}, which a live workflow's events leave out; unknown fields
   * ignored). Before, every event's metadata became a map of untyped values first and was then
   * converted: a cluster orchestrator's largest cost is decoding the events of other JVMs, and every
   * one of them has metadata.
   */
  static final class Reader extends StdDeserializer<EventMetadata> {
    /** Fields in the order of the record's components; the bit of each in {@code seen}. */
    private static final List<String> FIELDS =
        List.of("eventId", "eventType", "correlationId", "causationId", "timestamp", "sourceModule", "schemaVersion", "backtestId");
    private static final int TIMESTAMP_FIELD = 4;
    private static final int VERSION_FIELD = 6;
    private static final int REQUIRED = FIELDS.size() - 1;

    Reader() {
      super(EventMetadata.class);
    }

    @Override
    public EventMetadata deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (!p.isExpectedStartObjectToken()) {
        return (EventMetadata) ctxt.handleUnexpectedToken(EventMetadata.class, p);
      }
      String[] texts = new String[FIELDS.size()];
      int version = 0;
      int seen = 0;
      for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
        JsonToken token = p.nextToken();
        int field = FIELDS.indexOf(name);
        if (field < 0) {
          // Unknown fields are ignored, as for every record (a newer node may add one).
          p.skipChildren();
          continue;
        }
        seen |= 1 << field;
        if (field == VERSION_FIELD) {
          version = wholeNumber(p, ctxt, token);
        } else if (token == JsonToken.VALUE_STRING) {
          texts[field] = p.getText();
        } else if (token != JsonToken.VALUE_NULL) {
          return ctxt.reportInputMismatch(this, "metadata.%s must be a string, was %s", name, Json.valueForError(p, token));
        }
      }
      for (int field = 0; field < REQUIRED; field++) {
        if ((seen & (1 << field)) == 0) {
          return ctxt.reportInputMismatch(this, "metadata.%s is missing", FIELDS.get(field));
        }
      }
      Instant timestamp;
      try {
        timestamp = InstantText.parse(texts[TIMESTAMP_FIELD]);
      } catch (DateTimeParseException | NullPointerException e) {
        return ctxt.reportInputMismatch(this, "metadata.timestamp is not an ISO-8601 instant: %s", texts[TIMESTAMP_FIELD]);
      }
      try {
        return new EventMetadata(texts[0], texts[1], texts[2], texts[3], timestamp, texts[5], version, texts[7]);
      } catch (IllegalArgumentException | NullPointerException e) {
        throw ctxt.instantiationException(EventMetadata.class, e);
      }
    }

    private int wholeNumber(JsonParser p, DeserializationContext ctxt, JsonToken token) throws IOException {
      if (token == JsonToken.VALUE_NUMBER_INT) {
        return p.getIntValue();
      }
      if (token == JsonToken.VALUE_NUMBER_FLOAT) {
        java.math.BigDecimal value = p.getDecimalValue();
        if (value.signum() == 0 || value.stripTrailingZeros().scale() <= 0) {
          return value.intValueExact();
        }
      }
      return ctxt.<Integer>reportInputMismatch(this, "metadata.schemaVersion must be a whole number, was %s", Json.valueForError(p, token));
    }
  }
}
