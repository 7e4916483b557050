package io.alchemiser.shared.bus;

import io.alchemiser.shared.event.ErrorCodes;
import io.alchemiser.shared.event.EventMetadata;
import io.alchemiser.shared.event.EventType;
import io.alchemiser.shared.event.WorkflowEvent;
import io.alchemiser.shared.event.WorkflowFailed;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts events on the bus the one way every module does (the event itself: {@link EventMessageCodec}
 * makes it JSON when it leaves the node): published to its workflow's lane of {@link Addresses#EVENTS}
 * for observers, then sent point-to-point to the module that acts on the event.
 * One address for all events of a workflow keeps its events from one sender in order for every observer.
 * When no module is there to act, the workflow fails at once with a reason naming the module,
 * instead of waiting for its timeout.
 */
public final class EventPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);

  private final EventBus bus;
  private final String module;
  private final WorkflowRuns runs;

  public EventPublisher(Vertx vertx, String module) {
    EventMessageCodec.register(vertx);
    this.bus = vertx.eventBus();
    this.module = module;
    this.runs = WorkflowRuns.of(vertx);
  }

  public String module() {
    return module;
  }

  public Future<Void> emit(WorkflowEvent event) {
    DeliveryOptions options = options(event);
    bus.publish(Addresses.events(event.correlationId()), event, options);
    // The same headers for the hand-over: built once per event (they were a profiled share of its allocation).
    return handOver(event, options);
  }

  /**
   * Hands an event already published once to the module that acts on it again, without telling the
   * observers twice: how a recovered workflow resumes.
   */
  public Future<Void> handOver(WorkflowEvent event) {
    return handOver(event, options(event));
  }

  /** The event's headers, with its run's deadline when this node knows it (then the next module need not ask). */
  private DeliveryOptions options(WorkflowEvent event) {
    DeliveryOptions options = EventCodec.deliveryOptions(event);
    Long deadline = runs.deadline(event.correlationId());
    if (deadline != null) {
      options.addHeader(Headers.DEADLINE, Long.toString(deadline));
    }
    return options;
  }

  private Future<Void> handOver(WorkflowEvent event, DeliveryOptions options) {
    EventType type = event.type();
    if (type.handlingModule().isEmpty()) {
      return Future.succeededFuture();
    }
    String handler = type.handlingModule().get();
    // Sent, not asked: an acknowledgement would only say that someone was there, which a send that
    // finds no handler says too. A handler that refuses an event reports the failure itself, and the
    // orchestrator's timeout is the backstop for one that vanishes with it.
    return bus.sender(type.handlerAddress(), options).write(event)
        .recover(err -> {
          if (err instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS) {
            io.alchemiser.shared.logging.WorkflowLogContext.withWorkflow(event.correlationId(), module, type.wireName(), () ->
                LOG.warn("No '{}' module is running to handle {} of workflow {}", handler, type.wireName(), event.correlationId()));
            return emit(new WorkflowFailed(
                EventMetadata.next(EventType.WORKFLOW_FAILED, event.correlationId(), event.metadata(), module),
                "no '" + handler + "' module is running to handle " + type.wireName(),
                ErrorCodes.MODULE_UNAVAILABLE, type.wireName()));
          }
          // Not written (the connection to the handler's node failed): the orchestrator's timeout is the backstop.
          io.alchemiser.shared.logging.WorkflowLogContext.withWorkflow(event.correlationId(), module, type.wireName(), () ->
              LOG.warn("{} of workflow {} could not be handed to '{}': {}", type.wireName(), event.correlationId(), handler, err.getMessage()));
          return Future.succeededFuture();
        });
  }

  /** Reports a workflow failure caused by {@code cause} (null when no event caused it). */
  public Future<Void> fail(String correlationId, EventMetadata cause, String reason, String errorCode, String stage) {
    return emit(new WorkflowFailed(
        EventMetadata.next(EventType.WORKFLOW_FAILED, correlationId, cause, module), reason, errorCode, stage));
  }
}
