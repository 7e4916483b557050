package io.alchemiser.shared.inbox;

import io.alchemiser.shared.bus.Addresses;
import io.alchemiser.shared.event.EventRejectedException;
import io.alchemiser.shared.metrics.AlchemiserMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What happens to a message that is not a valid event: a log line, a count, and (once) the dead letters. */
final class Refusals {
  private static final Logger LOG = LoggerFactory.getLogger(EventInbox.class);
  private static final int DEAD_LETTER_BODY_CHARS = 4096;

  private Refusals() {
  }

  static void count(String module, AlchemiserMetrics metrics, Message<Object> message, EventRejectedException e) {
    metrics.messageRejected(module, e.reason());
    LOG.warn("{} rejected a message on {} ({}): {}", module, message.address(), e.reason().label(), e.getMessage());
  }

  /** Sends what was refused, and why, to the dead letters. */
  static void deadLetter(Vertx vertx, String module, Message<Object> message, EventRejectedException e) {
    Object body = message.body();
    String text = body == null ? "" : body instanceof Buffer b ? b.toString(StandardCharsets.UTF_8) : body.toString();
    JsonObject headers = new JsonObject();
    message.headers().forEach(h -> headers.put(h.getKey(), h.getValue()));
    vertx.eventBus().send(Addresses.DEAD_LETTERS, new JsonObject()
        .put("receivedAt", Instant.now().toString())
        .put("module", module)
        .put("address", message.address())
        .put("reason", e.reason().label())
        .put("detail", e.getMessage())
        .put("correlationId", e.correlationId())
        .put("headers", headers)
        .put("body", text.length() > DEAD_LETTER_BODY_CHARS ? text.substring(0, DEAD_LETTER_BODY_CHARS) + "…" : text));
  }
}
