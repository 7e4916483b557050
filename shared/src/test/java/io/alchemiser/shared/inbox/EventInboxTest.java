package io.alchemiser.shared.inbox;

import io.alchemiser.shared.inbox.EventInbox;
import io.alchemiser.shared.bus.EventPublisher;
import io.alchemiser.shared.bus.Headers;
import io.alchemiser.shared.event.ErrorCodes;
import io.alchemiser.shared.event.EventMetadata;
import io.alchemiser.shared.event.EventType;
import io.alchemiser.shared.event.WorkflowException;
import io.alchemiser.shared.event.WorkflowFailed;
import io.alchemiser.shared.event.WorkflowStarted;
import io.alchemiser.shared.metrics.AlchemiserMetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class EventInboxTest {

  @Test
  void aMalformedMessageToAHandlerIsRefusedAndFailsItsWorkflow(Vertx vertx) {
    EventPublisher publisher = new EventPublisher(vertx, "strategy");
    Future<WorkflowFailed> failure = firstFailure(vertx);
    EventInbox.of(vertx, publisher, AlchemiserMetrics.NOOP).handle(EventType.WORKFLOW_STARTED, WorkflowStarted.class,
        event -> Future.succeededFuture()).completion().await();

    assertThatThrownBy(() -> vertx.eventBus().request(EventType.WORKFLOW_STARTED.handlerAddress(), Buffer.buffer("[]"),
        new DeliveryOptions().addHeader(Headers.CORRELATION_ID, "wf-bad").addHeader(Headers.EVENT_TYPE, "WorkflowStarted")).await())
        .isInstanceOfSatisfying(ReplyException.class, e -> assertThat(e.failureCode()).isEqualTo(400));

    WorkflowFailed failed = failure.await();
    assertThat(failed.correlationId()).isEqualTo("wf-bad");
    assertThat(failed.errorCode()).isEqualTo(ErrorCodes.MALFORMED_EVENT);
    assertThat(failed.metadata().sourceModule()).isEqualTo("strategy");
  }

  @Test
  void aHandlerFailureBecomesWorkflowFailedWithItsCode(Vertx vertx) {
    EventPublisher publisher = new EventPublisher(vertx, "strategy");
    Future<WorkflowFailed> failure = firstFailure(vertx);
    EventInbox.of(vertx, publisher, AlchemiserMetrics.NOOP).handle(EventType.WORKFLOW_STARTED, WorkflowStarted.class,
        event -> { throw new WorkflowException(ErrorCodes.STRATEGY_ERROR, "no luck today"); }).completion().await();

    WorkflowStarted started = new WorkflowStarted(EventMetadata.next(EventType.WORKFLOW_STARTED, "wf-2", null, "test"), false, "test");
    new EventPublisher(vertx, "orchestrator").emit(started).await();

    WorkflowFailed failed = failure.await();
    assertThat(failed.errorCode()).isEqualTo(ErrorCodes.STRATEGY_ERROR);
    assertThat(failed.failureReason()).isEqualTo("no luck today");
    assertThat(failed.metadata().causationId()).isEqualTo(started.metadata().eventId());
    assertThat(failed.stage()).isEqualTo("WorkflowStarted");
  }

  /**
   * With its run's deadline in the headers, an event is acted on or not without a question to the
   * orchestrator: not past the deadline, not once the run's end is announced, and a later run of the
   * same id (started again) is not mistaken for the ended one. Without the header the module asks.
   */
  @Test
  void theRunsDeadlineDecidesWithoutAskingTheOrchestrator(Vertx vertx) throws Exception {
    java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
    vertx.eventBus().<Object>consumer(io.alchemiser.shared.bus.Addresses.ORCHESTRATOR, message -> {
      asked.incrementAndGet();
      message.reply(new io.vertx.core.json.JsonObject().put("status", "active"));
    }).completion().await();
    java.util.List<String> acted = new java.util.concurrent.CopyOnWriteArrayList<>();
    EventInbox.of(vertx, new EventPublisher(vertx, "strategy"), AlchemiserMetrics.NOOP).handle(EventType.WORKFLOW_STARTED,
        WorkflowStarted.class, event -> {
          acted.add(event.correlationId() + "/" + event.metadata().eventId());
          return Future.succeededFuture();
        }).completion().await();
    long now = System.currentTimeMillis();

    String running = send(vertx, "run-1", now + 60_000);
    String late = send(vertx, "run-2", now - 1);
    // A batch, as the orchestrator publishes them (an entry that is no notice is passed over) ...
    vertx.eventBus().publish(io.alchemiser.shared.bus.Addresses.WORKFLOW_ENDED, new io.vertx.core.json.JsonObject().put("ended",
        new io.vertx.core.json.JsonArray().add("not a notice").add(io.alchemiser.shared.bus.WorkflowRuns.endedNotice("run-3", now + 60_000, "failed"))
            .add(new io.vertx.core.json.JsonObject().put("correlationId", 7))));
    // ... and one notice alone, as a node before batches published each.
    vertx.eventBus().publish(io.alchemiser.shared.bus.Addresses.WORKFLOW_ENDED,
        io.alchemiser.shared.bus.WorkflowRuns.endedNotice("run-5", now + 60_000, "completed"));
    Thread.sleep(100);
    String ended = send(vertx, "run-3", now + 60_000);
    String endedAlone = send(vertx, "run-5", now + 60_000);
    String again = send(vertx, "run-3", now + 90_000);
    Thread.sleep(300);
    assertThat(acted).containsExactlyInAnyOrder("run-1/" + running, "run-3/" + again);
    assertThat(late).isNotNull();
    assertThat(ended).isNotNull();
    assertThat(endedAlone).isNotNull();
    assertThat(asked.get()).isZero();

    String unheaded = send(vertx, "run-4", null);
    Thread.sleep(300);
    assertThat(acted).contains("run-4/" + unheaded);
    assertThat(asked.get()).isEqualTo(1);
  }

  /** A WorkflowStarted handed over as the orchestrator does, with the run's deadline (or none); its event id. */
  private static String send(Vertx vertx, String id, Long deadline) {
    WorkflowStarted started = new WorkflowStarted(EventMetadata.next(EventType.WORKFLOW_STARTED, id, null, "test"), false, "test");
    DeliveryOptions options = io.alchemiser.shared.bus.EventCodec.deliveryOptions(started);
    if (deadline != null) {
      options.addHeader(Headers.DEADLINE, Long.toString(deadline));
    }
    vertx.eventBus().request(EventType.WORKFLOW_STARTED.handlerAddress(), started, options).await();
    return started.metadata().eventId();
  }

  private static Future<WorkflowFailed> firstFailure(Vertx vertx) {
    Promise<WorkflowFailed> failure = Promise.promise();
    EventInbox.observe(vertx, "test", AlchemiserMetrics.NOOP, event -> {
      if (event instanceof WorkflowFailed failed) {
        failure.tryComplete(failed);
      }
    }, rejected -> { }).completion().await();
    return failure.future();
  }
}
