package io.alchemiser.shared.bus;

import io.alchemiser.shared.event.EventMetadata;
import io.alchemiser.shared.event.EventRejectedException;
import io.alchemiser.shared.event.EventType;
import io.alchemiser.shared.event.WorkflowEvent;
import io.alchemiser.shared.json.Json;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import java.io.IOException;

/**
 * The wire format of events: a JSON body (never Java serialization, so any node decodes it) and the
 * metadata repeated in headers, so a consumer, a bridge or a log line can route and correlate
 * without parsing the body. Decoding checks headers and body against each other.
 */
public final class EventCodec {
  private EventCodec() {
  }

  public static Buffer encode(WorkflowEvent event) {
    return Buffer.buffer(toJsonBytes(event));
  }

  public static byte[] toJsonBytes(WorkflowEvent event) {
    return Json.toBytes(event);
  }

  public static DeliveryOptions deliveryOptions(WorkflowEvent event) {
    EventMetadata m = event.metadata();
    DeliveryOptions options = new DeliveryOptions()
        .addHeader(Headers.CORRELATION_ID, m.correlationId())
        .addHeader(Headers.EVENT_ID, m.eventId())
        .addHeader(Headers.EVENT_TYPE, m.eventType())
        .addHeader(Headers.SCHEMA_VERSION, Integer.toString(m.schemaVersion()));
    if (m.causationId() != null) {
      options.addHeader(Headers.CAUSATION_ID, m.causationId());
    }
    return options;
  }

  /**
   * Decodes a message; every way a message can be wrong ends in an {@link EventRejectedException}
   * that says what and where, never in another exception.
   */
  public static WorkflowEvent decode(MultiMap headers, Object body) throws EventRejectedException {
    String correlationId = Headers.correlationId(headers);
    if (correlationId == null || correlationId.isBlank()) {
      throw new EventRejectedException(EventRejectedException.Reason.MISSING_CORRELATION_ID, null,
          "message has no '" + Headers.CORRELATION_ID + "' header");
    }
    String typeName = headers.get(Headers.EVENT_TYPE);
    EventType type = EventType.fromWireName(typeName).orElseThrow(() -> new EventRejectedException(
        EventRejectedException.Reason.UNKNOWN_EVENT_TYPE, correlationId,
        "unknown event type '" + typeName + "' in header '" + Headers.EVENT_TYPE + "'"));
    String version = headers.get(Headers.SCHEMA_VERSION);
    if (version != null && !version.equals(Integer.toString(EventMetadata.SCHEMA_VERSION))) {
      throw new EventRejectedException(EventRejectedException.Reason.UNSUPPORTED_SCHEMA_VERSION, correlationId,
          type.wireName() + " has schema version " + version + "; this node reads version " + EventMetadata.SCHEMA_VERSION);
    }
    WorkflowEvent event = parse(type, body, correlationId);
    EventMetadata m = event.metadata();
    if (!correlationId.equals(m.correlationId())) {
      throw new EventRejectedException(EventRejectedException.Reason.MALFORMED_BODY, correlationId,
          type.wireName() + " body says correlation id '" + m.correlationId() + "' but its header says '" + correlationId + "'");
    }
    if (!type.wireName().equals(m.eventType())) {
      throw new EventRejectedException(EventRejectedException.Reason.MALFORMED_BODY, correlationId,
          "body says event type '" + m.eventType() + "' but its header says '" + type.wireName() + "'");
    }
    if (m.schemaVersion() != EventMetadata.SCHEMA_VERSION) {
      throw new EventRejectedException(EventRejectedException.Reason.UNSUPPORTED_SCHEMA_VERSION, correlationId,
          type.wireName() + " has schema version " + m.schemaVersion() + "; this node reads version " + EventMetadata.SCHEMA_VERSION);
    }
    return event;
  }

  /** Decodes a stand-alone JSON event (for example one line of a journal) whose type is in its metadata. */
  public static WorkflowEvent fromJson(String json) throws EventRejectedException {
    JsonNode tree;
    try {
      tree = Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new EventRejectedException(EventRejectedException.Reason.MALFORMED_BODY, null, "not JSON: " + Json.describe(e));
    } catch (RuntimeException e) {
      throw new EventRejectedException(EventRejectedException.Reason.MALFORMED_BODY, null, "not JSON: " + e.getMessage());
    }
    JsonNode metadata = tree == null ? null : tree.get("metadata");
    if (metadata == null || !metadata.isObject()) {
      throw new EventRejectedException(EventRejectedException.Reason.MALFORMED_BODY, null, "event has no 'metadata' object");
    }
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .add(Headers.CORRELATION_ID, metadata.path("correlationId").asText(""))
        .add(Headers.EVENT_TYPE, metadata.path("eventType").asText(""));
    return decode(headers, json);
  }

  private static WorkflowEvent parse(EventType type, Object body, String correlationId) throws EventRejectedException {
    if (body instanceof WorkflowEvent event) {
      // Sent within this node: already a valid record (its constructor checked it); the type must still match.
      if (!type.recordClass().isInstance(event)) {
        throw new EventRejectedException(EventRejectedException.Reason.MALFORMED_BODY, correlationId,
            "header says " + type.wireName() + " but the body is a " + event.getClass().getSimpleName());
      }
      return event;
    }
    try {
      return Json.fromBody(body, type.recordClass());
    } catch (IOException e) {
      throw new EventRejectedException(EventRejectedException.Reason.MALFORMED_BODY, correlationId,
          type.wireName() + " body is not a valid event: " + Json.describe(e));
    } catch (RuntimeException e) {
      // Jackson lets a few number errors (an absurd exponent) through unwrapped.
      throw new EventRejectedException(EventRejectedException.Reason.MALFORMED_BODY, correlationId,
          type.wireName() + " body is not a valid event: " + e.getMessage());
    }
  }
}
