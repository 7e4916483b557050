package io.alchemiser.shared.inbox;

import static io.alchemiser.shared.logging.WorkflowLogContext.withCorrelation;

import io.alchemiser.shared.bus.Addresses;
import io.alchemiser.shared.bus.EventCodec;
import io.alchemiser.shared.bus.EventMessageCodec;
import io.alchemiser.shared.bus.EventPublisher;
import io.alchemiser.shared.bus.EventSubscription;
import io.alchemiser.shared.config.RetryPolicy;
import io.alchemiser.shared.event.EventRejectedException;
import io.alchemiser.shared.event.EventType;
import io.alchemiser.shared.event.WorkflowEvent;
import io.alchemiser.shared.event.WorkflowException;
import io.alchemiser.shared.metrics.AlchemiserMetrics;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Where modules take events off the bus. A message that is not a valid event is logged, counted
 * and refused, never thrown into the event loop; when it names a workflow, that workflow fails
 * with the reason so it never hangs. A module acting on an event type:
 * {@code EventInbox.of(vertx, publisher, metrics).handle(type, Event.class, this::work)}; an
 * observer of every event: {@link #observe}. The steps of one event are in {@link EventHandling}.
 */
public final class EventInbox {
  private final Vertx vertx;
  private final EventPublisher publisher;
  private final AlchemiserMetrics metrics;
  private final RetryPolicy retry;

  private EventInbox(Vertx vertx, EventPublisher publisher, AlchemiserMetrics metrics, RetryPolicy retry) {
    this.vertx = vertx;
    this.publisher = publisher;
    this.metrics = metrics;
    this.retry = retry;
  }

  /** The inbox of the module that publishes with {@code publisher}. */
  public static EventInbox of(Vertx vertx, EventPublisher publisher, AlchemiserMetrics metrics) {
    EventMessageCodec.register(vertx);
    return new EventInbox(vertx, publisher, metrics, null);
  }

  /**
   * The same inbox, trying a failure marked {@link WorkflowException#retryable()} again with
   * backoff, each attempt logged and counted. Only modules whose work has no side effect outside
   * the bus should retry.
   */
  public EventInbox retrying(RetryPolicy policy) {
    return new EventInbox(vertx, publisher, metrics, policy);
  }

  /**
   * Registers the module's work for one event type on its point-to-point address. A request (a
   * readiness ping, a stranger's) is answered as soon as the event decodes; an event delivered twice (same event id) is handled once; an
   * event of a workflow the orchestrator reports finished is not handled at all; a failure of the
   * work's Future fails the workflow with the error code of a {@link WorkflowException}.
   */
  public <E extends WorkflowEvent> MessageConsumer<Object> handle(EventType type, Class<E> eventClass, Function<E, Future<?>> work) {
    EventHandling<E> handling = new EventHandling<>(vertx, publisher, metrics, retry, type, eventClass, work);
    return vertx.eventBus().consumer(type.handlerAddress(), handling::onMessage);
  }

  /** Registers an observer of every event; invalid messages are logged, counted, then passed on. */
  public static EventSubscription observe(
      Vertx vertx, String module, AlchemiserMetrics metrics,
      Consumer<WorkflowEvent> onEvent, Consumer<EventRejectedException> onRejected) {
    return observe(vertx, module, metrics, false, onEvent, onRejected);
  }

  /**
   * As above; with {@code keepDeadLetters}, a refused message also goes to the dead letters (one
   * observer does this, so that a bad message every observer refuses is kept once).
   */
  public static EventSubscription observe(
      Vertx vertx, String module, AlchemiserMetrics metrics, boolean keepDeadLetters,
      Consumer<WorkflowEvent> onEvent, Consumer<EventRejectedException> onRejected) {
    return EventSubscription.everyEvent(vertx, observer(vertx, module, metrics, keepDeadLetters, onEvent, onRejected));
  }

  /**
   * The observer's handling of one message, without a consumer: for a module that takes the
   * messages off the bus itself (the orchestrator's partitions, each on its own lanes).
   */
  public static Handler<Message<Object>> observer(
      Vertx vertx, String module, AlchemiserMetrics metrics, boolean keepDeadLetters,
      Consumer<WorkflowEvent> onEvent, Consumer<EventRejectedException> onRejected) {
    EventMessageCodec.register(vertx);
    return message -> {
      WorkflowEvent event;
      try {
        event = EventCodec.decode(message.headers(), message.body());
      } catch (EventRejectedException e) {
        Refusals.count(module, metrics, message, e);
        if (keepDeadLetters) {
          Refusals.deadLetter(vertx, module, message, e);
        }
        onRejected.accept(e);
        return;
      }
      withCorrelation(event.correlationId(), () -> onEvent.accept(event));
    };
  }
}
