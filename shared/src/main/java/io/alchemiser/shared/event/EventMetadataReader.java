package io.alchemiser.shared.event;

import io.alchemiser.shared.json.InstantText;
import io.alchemiser.shared.json.Json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Reads an {@link EventMetadata} straight from the parser, as strictly as before (every field
 * required but {@code backtestId}, which a live workflow's events leave out; unknown fields
 * ignored). Before, every event's metadata became a map of untyped values first and was then
 * converted: a cluster orchestrator's largest cost is decoding the events of other JVMs, and every
 * one of them has metadata.
 */
final class EventMetadataReader extends StdDeserializer<EventMetadata> {
  /** Fields in the order of the record's components; the bit of each in {@code seen}. */
  private static final List<String> FIELDS =
      List.of("eventId", "eventType", "correlationId", "causationId", "timestamp", "sourceModule", "schemaVersion", "backtestId");
  private static final int TIMESTAMP = 4;
  private static final int SCHEMA_VERSION = 6;
  private static final int REQUIRED = FIELDS.size() - 1;

  EventMetadataReader() {
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
      if (field == SCHEMA_VERSION) {
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
      timestamp = InstantText.parse(texts[TIMESTAMP]);
    } catch (DateTimeParseException | NullPointerException e) {
      return ctxt.reportInputMismatch(this, "metadata.timestamp is not an ISO-8601 instant: %s", texts[TIMESTAMP]);
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
