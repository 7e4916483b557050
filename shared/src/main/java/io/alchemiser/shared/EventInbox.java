package io.alchemiser.shared;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Where modules take events off the bus. A message that is not a valid event is logged, counted
 * and refused, never thrown into the event loop; when it names a workflow, that workflow fails
 * with the reason so it never hangs.
 */
public final class EventInbox {
  private static final Logger LOG = LoggerFactory.getLogger(EventInbox.class);
  public static final String MDC_CORRELATION_ID = "correlationId";

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
    String module = publisher.module();
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
      withCorrelation(event.correlationId(), () -> {
        Future<?> work;
        try {
          work = handler.apply(event);
        } catch (RuntimeException e) {
          work = Future.failedFuture(e);
        }
        work.onFailure(err -> {
          String code = err instanceof WorkflowException we ? we.errorCode() : ErrorCodes.INTERNAL_ERROR;
          String reason = err instanceof WorkflowException ? err.getMessage()
              : module + " module failed on " + type.wireName() + ": " + err;
          withCorrelation(event.correlationId(), () -> {
            if (err instanceof WorkflowException) {
              LOG.warn("{} failed workflow {}: {}", module, event.correlationId(), reason);
            } else {
              LOG.error("{} failed workflow {} unexpectedly", module, event.correlationId(), err);
            }
          });
          publisher.fail(event.correlationId(), event.metadata(), reason, code, type.wireName());
        });
      });
    });
  }

  /** Registers an observer of every event; invalid messages are logged, counted, then passed on. */
  public static MessageConsumer<Object> observe(
      Vertx vertx, String module, AlchemiserMetrics metrics,
      Consumer<WorkflowEvent> onEvent, Consumer<EventRejectedException> onRejected) {
    return vertx.eventBus().consumer(Addresses.EVENTS, message -> {
      WorkflowEvent event;
      try {
        event = EventCodec.decode(message.headers(), message.body());
      } catch (EventRejectedException e) {
        rejected(module, metrics, message, e);
        onRejected.accept(e);
        return;
      }
      withCorrelation(event.correlationId(), () -> onEvent.accept(event));
    });
  }

  private static void rejected(String module, AlchemiserMetrics metrics, Message<Object> message, EventRejectedException e) {
    metrics.messageRejected(module, e.reason());
    LOG.warn("{} rejected a message on {} ({}): {}", module, message.address(), e.reason().label(), e.getMessage());
  }

  /** Runs {@code action} with the correlation id in the logging context, so log lines carry it. */
  public static void withCorrelation(String correlationId, Runnable action) {
    String previous = MDC.get(MDC_CORRELATION_ID);
    MDC.put(MDC_CORRELATION_ID, correlationId);
    try {
      action.run();
    } finally {
      if (previous == null) {
        MDC.remove(MDC_CORRELATION_ID);
      } else {
        MDC.put(MDC_CORRELATION_ID, previous);
      }
    }
  }
}
