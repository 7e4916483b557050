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
