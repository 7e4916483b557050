package io.alchemiser.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.alchemiser.orchestrator.app.Node;
import io.alchemiser.shared.bus.Addresses;
import io.alchemiser.shared.bus.Headers;
import io.alchemiser.shared.client.OrchestratorAction;
import io.alchemiser.shared.client.StartRequest;
import io.alchemiser.shared.client.WorkflowRecord;
import io.alchemiser.shared.client.WorkflowStatus;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The acting modules decide from the run's deadline each event carries and from the orchestrator's
 * notices of ended runs: a whole workflow asks the orchestrator nothing about its status.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class StatusFreeTest {

  @Test
  void workflowsCompleteWithoutAStatusQuestionAndTheirEndIsAnnounced(Vertx vertx) throws Exception {
    AtomicInteger statusQuestions = new AtomicInteger();
    AtomicInteger toOrchestrator = new AtomicInteger();
    vertx.eventBus().addOutboundInterceptor(delivery -> {
      if (Addresses.ORCHESTRATOR.equals(delivery.message().address())) {
        toOrchestrator.incrementAndGet();
        if (OrchestratorAction.STATUS.wire().equals(delivery.message().headers().get(Headers.ACTION))) {
          statusQuestions.incrementAndGet();
        }
      }
      delivery.next();
    });
    List<JsonObject> ended = new java.util.concurrent.CopyOnWriteArrayList<>();
    // Read as the orchestrator publishes them: batches of notices (here one a batch, the workflows one after another).
    vertx.eventBus().<io.alchemiser.shared.bus.EndNotices>consumer(Addresses.WORKFLOW_ENDED, message ->
        message.body().toJson().getJsonArray("ended").forEach(notice -> ended.add((JsonObject) notice))).completion().await();
    JsonObject config = TestNodes.config(TestNodes.tempDir(), List.of("orchestrator", "strategy", "portfolio", "execution"));
    Node node = Node.start(vertx, config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).await();

    for (int i = 0; i < 3; i++) {
      String id = "status-free-" + i;
      node.client().start(StartRequest.of(id, i == 2, "test")).await();
      WorkflowRecord record = node.client().awaitCompletion(id, Duration.ofSeconds(30)).await();
      assertThat(record.status()).as(record.failureReason()).isEqualTo(WorkflowStatus.COMPLETED);
    }
    for (int i = 0; i < 50 && ended.size() < 3; i++) {
      Thread.sleep(20);
    }
    // The starts and the waits for completion went to the orchestrator (the interceptor sees them); no status question did.
    assertThat(toOrchestrator.get()).isGreaterThanOrEqualTo(6);
    assertThat(statusQuestions.get()).isZero();
    assertThat(ended).extracting(notice -> notice.getString("correlationId"))
        .containsExactlyInAnyOrder("status-free-0", "status-free-1", "status-free-2");
    assertThat(ended).allSatisfy(notice -> assertThat(notice.getLong("deadline")).isGreaterThan(System.currentTimeMillis()));
    // How each run ended rides along: a client awaiting many workflows needs only these notices.
    assertThat(ended).extracting(notice -> notice.getString("status")).containsOnly("completed");
  }
}
