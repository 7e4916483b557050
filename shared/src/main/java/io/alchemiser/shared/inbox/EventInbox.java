package io.alchemiser.shared.inbox;

import io.alchemiser.shared.bus.Addresses;
import io.alchemiser.shared.bus.EventCodec;
import io.alchemiser.shared.bus.EventMessageCodec;
import io.alchemiser.shared.bus.EventPublisher;
import io.alchemiser.shared.bus.Headers;
import static io.alchemiser.shared.logging.WorkflowLogContext.withCorrelation;
import static io.alchemiser.shared.logging.WorkflowLogContext.withWorkflow;

import io.alchemiser.shared.client.WorkflowClient;
import io.alchemiser.shared.client.WorkflowClientException;
import io.alchemiser.shared.client.WorkflowStatus;
import io.alchemiser.shared.config.RetryPolicy;
import io.alchemiser.shared.event.CorrelationIds;
import io.alchemiser.shared.event.ErrorCodes;
import io.alchemiser.shared.event.EventRejectedException;
import io.alchemiser.shared.event.EventType;
import io.alchemiser.shared.event.WorkflowEvent;
import io.alchemiser.shared.event.WorkflowException;
import io.alchemiser.shared.metrics.AlchemiserMetrics;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where modules take events off the bus. A message that is not a valid event is logged, counted
 * and refused, never thrown into the event loop; when it names a workflow, that workflow fails
 * with the reason so it never hangs.
 */
public final class EventInbox {
  private static final Logger LOG = LoggerFactory.getLogger(EventInbox.class);

  private EventInbox() {
  }

  /**
   * Registers the module's handler for one event type on its point-to-point address. The event is
   * acknowledged as soon as it decodes; a failure of the handler's Future fails the workflow with
   * the error code of a {@link WorkflowException} (or {@link ErrorCodes#INTERNAL_ERROR}).
   */
  public static <E extends WorkflowEvent> MessageConsumer<Object> handle(
      Vertx vertx, EventType type, Class<E> eventClass, EventPublisher publisher, AlchemiserMetrics metrics,
      Function<E, Future<?>> handler) {
    return handle(vertx, type, eventClass, publisher, metrics, null, handler);
  }

  /**
   * As above, and: an event delivered twice (same event id) is handled once; an event of a workflow
   * the orchestrator reports finished is not handled at all; and with a {@code retry} policy, a
   * failure marked {@link WorkflowException#retryable()} is tried again with backoff, each attempt
   * logged and counted. Only modules whose work has no side effect outside the bus should retry.
   */
  public static <E extends WorkflowEvent> MessageConsumer<Object> handle(
      Vertx vertx, EventType type, Class<E> eventClass, EventPublisher publisher, AlchemiserMetrics metrics,
      RetryPolicy retry, Function<E, Future<?>> handler) {
    EventMessageCodec.register(vertx);
    String module = publisher.module();
    Set<String> seen = recentIds();
    // Asked on every event: an orchestrator that is gone must not hold the work up for long.
    WorkflowClient client = WorkflowClient.create(vertx, java.time.Duration.ofSeconds(2));
    return vertx.eventBus().consumer(type.handlerAddress(), message -> {
      if (message.headers().contains(Headers.PING)) {
        message.reply(module);
        return;
      }
      WorkflowEvent decoded;
      try {
        decoded = EventCodec.decode(message.headers(), message.body());
      } catch (EventRejectedException e) {
        rejected(module, metrics, message, e);
        deadLetter(vertx, module, message, e);
        message.fail(400, e.getMessage());
        if (e.correlationId() != null && CorrelationIds.isValid(e.correlationId())) {
          publisher.fail(e.correlationId(), null, "rejected malformed event: " + e.getMessage(),
              ErrorCodes.MALFORMED_EVENT, type.wireName());
        }
        return;
      }
      if (!eventClass.isInstance(decoded)) {
        message.fail(400, "expected " + type.wireName() + " but got " + decoded.metadata().eventType());
        return;
      }
      E event = eventClass.cast(decoded);
      message.reply(null);
      if (!seen.add(event.metadata().eventId())) {
        withCorrelation(event.correlationId(), () -> LOG.info("{} ignored a second delivery of {} {}", module, type.wireName(),
            event.metadata().eventId()));
        return;
      }
      stillRunning(client, event).onSuccess(running -> withWorkflow(event.correlationId(), module, type.wireName(), () -> {
        if (!running) {
          LOG.info("{} ignored {} of workflow {}: the workflow has ended", module, type.wireName(), event.correlationId());
          return;
        }
        Future<?> work = retry == null ? attempt(handler, event)
            : retry.run(vertx, () -> attempt(handler, event).mapEmpty(),
                err -> err instanceof WorkflowException we && we.retryable(),
                (next, delay, cause) -> {
                  metrics.retry(module);
                  withCorrelation(event.correlationId(), () -> LOG.warn("{} retries {} of workflow {} (attempt {} in {} ms): {}", module,
                      type.wireName(), event.correlationId(), next, delay, cause.getMessage()));
                });
        work.onFailure(err -> {
          String code = err instanceof WorkflowException we ? we.errorCode() : ErrorCodes.INTERNAL_ERROR;
          String reason = err instanceof WorkflowException ? err.getMessage()
              : module + " module failed on " + type.wireName() + ": " + err;
          withWorkflow(event.correlationId(), module, type.wireName(), () -> {
            if (err instanceof WorkflowException) {
              LOG.atWarn().addKeyValue("errorCode", code).log("{} failed workflow {}: {}", module, event.correlationId(), reason);
            } else {
              LOG.atError().addKeyValue("errorCode", code).setCause(err).log("{} failed workflow {} unexpectedly", module, event.correlationId());
            }
          });
          publisher.fail(event.correlationId(), event.metadata(), reason, code, type.wireName());
        });
      }));
    });
  }

  private static <E extends WorkflowEvent> Future<?> attempt(Function<E, Future<?>> handler, E event) {
    try {
      return handler.apply(event);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * Whether the orchestrator still runs the workflow. With no orchestrator to ask (a module on its
   * own, in tests) the event is handled. A finished workflow's is not. One the orchestrator has not
   * heard of is handled while the event is recent — in a cluster the orchestrator asked may not have
   * seen the start yet — and not once it is old (a replayed journal).
   */
  private static Future<Boolean> stillRunning(WorkflowClient client, WorkflowEvent event) {
    return client.status(event.correlationId())
        .map(status -> status == WorkflowStatus.ACTIVE)
        .recover(err -> {
          if (err instanceof WorkflowClientException refused && refused.code() == WorkflowClientException.NOT_FOUND) {
            return Future.succeededFuture(event.metadata().timestamp().isAfter(java.time.Instant.now().minus(UNKNOWN_WORKFLOW_GRACE)));
          }
          return Future.succeededFuture(true);
        });
  }

  /** How long an event of a workflow the orchestrator does not know is still taken as a new one. */
  private static final java.time.Duration UNKNOWN_WORKFLOW_GRACE = java.time.Duration.ofMinutes(10);

  /** The ids of the last events handled, so that a second delivery has no second effect. */
  private static Set<String> recentIds() {
    return java.util.Collections.newSetFromMap(new java.util.LinkedHashMap<>() {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(java.util.Map.Entry<String, Boolean> eldest) {
        return size() > 10_000;
      }
    });
  }

  /** Registers an observer of every event; invalid messages are logged, counted, then passed on. */
  public static MessageConsumer<Object> observe(
      Vertx vertx, String module, AlchemiserMetrics metrics,
      Consumer<WorkflowEvent> onEvent, Consumer<EventRejectedException> onRejected) {
    return observe(vertx, module, metrics, false, onEvent, onRejected);
  }

  /**
   * As above; with {@code keepDeadLetters}, a refused message also goes to the dead letters (one
   * observer does this, so that a bad message every observer refuses is kept once).
   */
  public static MessageConsumer<Object> observe(
      Vertx vertx, String module, AlchemiserMetrics metrics, boolean keepDeadLetters,
      Consumer<WorkflowEvent> onEvent, Consumer<EventRejectedException> onRejected) {
    EventMessageCodec.register(vertx);
    return vertx.eventBus().consumer(Addresses.EVENTS, message -> {
      WorkflowEvent event;
      try {
        event = EventCodec.decode(message.headers(), message.body());
      } catch (EventRejectedException e) {
        rejected(module, metrics, message, e);
        if (keepDeadLetters) {
          deadLetter(vertx, module, message, e);
        }
        onRejected.accept(e);
        return;
      }
      withCorrelation(event.correlationId(), () -> onEvent.accept(event));
    });
  }

  private static final int DEAD_LETTER_BODY_CHARS = 4096;

  /** Sends what was refused, and why, to the dead letters. */
  private static void deadLetter(Vertx vertx, String module, Message<Object> message, EventRejectedException e) {
    Object body = message.body();
    String text = body == null ? "" : body instanceof io.vertx.core.buffer.Buffer b ? b.toString(java.nio.charset.StandardCharsets.UTF_8)
        : body.toString();
    io.vertx.core.json.JsonObject headers = new io.vertx.core.json.JsonObject();
    message.headers().forEach(h -> headers.put(h.getKey(), h.getValue()));
    vertx.eventBus().send(Addresses.DEAD_LETTERS, new io.vertx.core.json.JsonObject()
        .put("receivedAt", java.time.Instant.now().toString())
        .put("module", module)
        .put("address", message.address())
        .put("reason", e.reason().label())
        .put("detail", e.getMessage())
        .put("correlationId", e.correlationId())
        .put("headers", headers)
        .put("body", text.length() > DEAD_LETTER_BODY_CHARS ? text.substring(0, DEAD_LETTER_BODY_CHARS) + "…" : text));
  }

  private static void rejected(String module, AlchemiserMetrics metrics, Message<Object> message, EventRejectedException e) {
    metrics.messageRejected(module, e.reason());
    LOG.warn("{} rejected a message on {} ({}): {}", module, message.address(), e.reason().label(), e.getMessage());
  }
}
