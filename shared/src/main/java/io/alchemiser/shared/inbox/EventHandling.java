package io.alchemiser.shared.inbox;

import static io.alchemiser.shared.logging.WorkflowLogContext.withCorrelation;
import static io.alchemiser.shared.logging.WorkflowLogContext.withWorkflow;

import io.alchemiser.shared.bus.EventCodec;
import io.alchemiser.shared.bus.EventPublisher;
import io.alchemiser.shared.bus.Headers;
import io.alchemiser.shared.bus.WorkflowRuns;
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
import io.alchemiser.shared.memory.RecentIds;
import io.alchemiser.shared.metrics.AlchemiserMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One module's handling of one event type, message by message: answer a readiness ping; decode the
 * event or refuse the message; acknowledge it; skip a second delivery; skip the event of a workflow
 * that has ended; do the work (again with backoff, when the module retries); and report a failure
 * as the workflow's.
 */
final class EventHandling<E extends WorkflowEvent> {
  private static final Logger LOG = LoggerFactory.getLogger(EventInbox.class);
  /** How long an event of a workflow the orchestrator does not know is still taken as a new one. */
  private static final Duration UNKNOWN_WORKFLOW_GRACE = Duration.ofMinutes(10);
  private static final int REMEMBERED_EVENTS = 10_000;

  private final Vertx vertx;
  private final EventPublisher publisher;
  private final AlchemiserMetrics metrics;
  private final RetryPolicy retry;
  private final EventType type;
  private final Class<E> eventClass;
  private final Function<E, Future<?>> work;
  private final String module;
  /** Event ids as fingerprints: at a high rate a set of strings was most of what each young collection copied. */
  private final RecentIds seen = new RecentIds(REMEMBERED_EVENTS);
  /** Asked for an event without a deadline: an orchestrator that is gone must not hold the work up for long. */
  private final WorkflowClient orchestrator;
  private final WorkflowRuns runs;

  EventHandling(Vertx vertx, EventPublisher publisher, AlchemiserMetrics metrics, RetryPolicy retry,
                EventType type, Class<E> eventClass, Function<E, Future<?>> work) {
    this.vertx = vertx;
    this.publisher = publisher;
    this.metrics = metrics;
    this.retry = retry;
    this.type = type;
    this.eventClass = eventClass;
    this.work = work;
    this.module = publisher.module();
    this.orchestrator = WorkflowClient.create(vertx, Duration.ofSeconds(2));
    this.runs = WorkflowRuns.of(vertx);
  }

  void onMessage(Message<Object> message) {
    if (message.headers().contains(Headers.PING)) {
      message.reply(module);
      return;
    }
    E event = decodeOrRefuse(message);
    if (event == null) {
      return;
    }
    message.reply(null);
    if (!firstDelivery(event)) {
      return;
    }
    Long deadline = deadline(message);
    Future<Boolean> running;
    if (deadline != null) {
      // The run's deadline came with the event: decided here, without a question to the orchestrator.
      runs.running(event.correlationId(), deadline);
      running = Future.succeededFuture(runs.mayAct(event.correlationId(), deadline));
    } else {
      running = stillRunning(event);
    }
    running.onSuccess(acts -> withWorkflow(event.correlationId(), module, type.wireName(), () -> {
      if (!acts) {
        LOG.info("{} ignored {} of workflow {}: the workflow has ended", module, type.wireName(), event.correlationId());
        return;
      }
      attempts(event).onFailure(err -> reportFailure(event, err));
    }));
  }

  /** The event, or null once the message is refused: counted, dead-lettered, and its workflow failed so it never hangs. */
  private E decodeOrRefuse(Message<Object> message) {
    WorkflowEvent decoded;
    try {
      decoded = EventCodec.decode(message.headers(), message.body());
    } catch (EventRejectedException e) {
      Refusals.count(module, metrics, message, e);
      Refusals.deadLetter(vertx, module, message, e);
      message.fail(400, e.getMessage());
      if (e.correlationId() != null && CorrelationIds.isValid(e.correlationId())) {
        publisher.fail(e.correlationId(), null, "rejected malformed event: " + e.getMessage(), ErrorCodes.MALFORMED_EVENT, type.wireName());
      }
      return null;
    }
    if (!eventClass.isInstance(decoded)) {
      String why = "expected " + type.wireName() + " but got " + decoded.metadata().eventType();
      message.fail(400, why);
      // Nobody waits for an answer to a hand-over: the workflow learns of the refusal from its failure.
      publisher.fail(decoded.correlationId(), decoded.metadata(), "rejected event: " + why, ErrorCodes.MALFORMED_EVENT, type.wireName());
      return null;
    }
    return eventClass.cast(decoded);
  }

  private boolean firstDelivery(E event) {
    if (seen.add(event.metadata().eventId())) {
      return true;
    }
    withCorrelation(event.correlationId(), () -> LOG.info("{} ignored a second delivery of {} {}", module, type.wireName(),
        event.metadata().eventId()));
    return false;
  }

  private static Long deadline(Message<Object> message) {
    String header = message.headers().get(Headers.DEADLINE);
    try {
      return header == null ? null : Long.valueOf(header);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * Whether the orchestrator still runs the workflow (an event without its run's deadline: from a
   * node of an older version, or sent by hand). With no orchestrator to ask (a module on its
   * own, in tests) the event is handled. A finished workflow's is not. One the orchestrator has not
   * heard of is handled while the event is recent — in a cluster the orchestrator asked may not have
   * seen the start yet — and not once it is old (a replayed journal).
   */
  private Future<Boolean> stillRunning(E event) {
    return orchestrator.status(event.correlationId())
        .map(status -> status == WorkflowStatus.ACTIVE)
        .recover(err -> {
          if (err instanceof WorkflowClientException refused && refused.code() == WorkflowClientException.NOT_FOUND) {
            return Future.succeededFuture(event.metadata().timestamp().isAfter(Instant.now().minus(UNKNOWN_WORKFLOW_GRACE)));
          }
          return Future.succeededFuture(true);
        });
  }

  /** The work, tried again with backoff on a retryable failure when the module retries. */
  private Future<?> attempts(E event) {
    if (retry == null) {
      return attempt(event);
    }
    return retry.run(vertx, () -> attempt(event).mapEmpty(),
        err -> err instanceof WorkflowException we && we.retryable(),
        (next, delay, cause) -> {
          metrics.retry(module);
          withCorrelation(event.correlationId(), () -> LOG.warn("{} retries {} of workflow {} (attempt {} in {} ms): {}", module,
              type.wireName(), event.correlationId(), next, delay, cause.getMessage()));
        });
  }

  private Future<?> attempt(E event) {
    try {
      return work.apply(event);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** The workflow fails with the error code of a {@link WorkflowException}, or {@link ErrorCodes#INTERNAL_ERROR}. */
  private void reportFailure(E event, Throwable err) {
    String code = err instanceof WorkflowException we ? we.errorCode() : ErrorCodes.INTERNAL_ERROR;
    String reason = err instanceof WorkflowException ? err.getMessage() : module + " module failed on " + type.wireName() + ": " + err;
    withWorkflow(event.correlationId(), module, type.wireName(), () -> {
      if (err instanceof WorkflowException) {
        LOG.atWarn().addKeyValue("errorCode", code).log("{} failed workflow {}: {}", module, event.correlationId(), reason);
      } else {
        LOG.atError().addKeyValue("errorCode", code).setCause(err).log("{} failed workflow {} unexpectedly", module, event.correlationId());
      }
    });
    publisher.fail(event.correlationId(), event.metadata(), reason, code, type.wireName());
  }
}
