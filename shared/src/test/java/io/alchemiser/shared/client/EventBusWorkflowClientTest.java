package io.alchemiser.shared.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alchemiser.shared.bus.Addresses;
import io.alchemiser.shared.bus.Headers;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The client over the real bus, against an orchestrator address whose first request is lost (as a
 * request routed to a node that has just died is: the bus drops it without failing it).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class EventBusWorkflowClientTest {
  private static final Duration PATIENCE = Duration.ofMillis(300);

  @Test
  void aQueryWhoseRequestIsLostIsAskedOnceMore(Vertx vertx) {
    List<String> asked = orchestratorThatLosesTheFirstRequest(vertx);
    WorkflowClient client = WorkflowClient.create(vertx, PATIENCE);

    assertThat(client.status("wf-lost-once").await()).isEqualTo(WorkflowStatus.ACTIVE);
    assertThat(asked).containsExactly("status", "status");
  }

  @Test
  void aStartWhoseRequestIsLostIsNotAskedAgain(Vertx vertx) {
    List<String> asked = orchestratorThatLosesTheFirstRequest(vertx);
    WorkflowClient client = WorkflowClient.create(vertx, PATIENCE);

    // It may have started: asking again could start it twice or be refused as its own duplicate.
    assertThatThrownBy(() -> client.start(new StartRequest("wf-start-lost", false, "test", null, null)).await())
        .isInstanceOfSatisfying(WorkflowClientException.class, e -> assertThat(e.code()).isEqualTo(WorkflowClientException.UNAVAILABLE));
    assertThat(asked).containsExactly("start");
  }

  @Test
  void aQueryTheOrchestratorRefusesIsNotAskedAgain(Vertx vertx) {
    List<String> asked = new CopyOnWriteArrayList<>();
    vertx.eventBus().<Object>consumer(Addresses.ORCHESTRATOR, message -> {
      asked.add(message.headers().get(Headers.ACTION));
      message.fail(WorkflowClientException.NOT_FOUND, "no workflow wf-unknown");
    }).completion().await();

    assertThatThrownBy(() -> WorkflowClient.create(vertx, PATIENCE).get("wf-unknown").await())
        .isInstanceOfSatisfying(WorkflowClientException.class, e -> assertThat(e.code()).isEqualTo(WorkflowClientException.NOT_FOUND));
    assertThat(asked).containsExactly("get");
  }

  @Test
  void aQueryNobodyAnswersTwiceIsUnavailable(Vertx vertx) {
    List<String> asked = new CopyOnWriteArrayList<>();
    vertx.eventBus().<Object>consumer(Addresses.ORCHESTRATOR, message -> asked.add(message.headers().get(Headers.ACTION)))
        .completion().await();

    assertThatThrownBy(() -> WorkflowClient.create(vertx, PATIENCE).stats().await())
        .isInstanceOfSatisfying(WorkflowClientException.class, e -> assertThat(e.code()).isEqualTo(WorkflowClientException.UNAVAILABLE));
    assertThat(asked).containsExactly("stats", "stats");
  }

  /** Every request's action, in order; the first request gets no answer, later ones are answered. */
  private static List<String> orchestratorThatLosesTheFirstRequest(Vertx vertx) {
    List<String> asked = new CopyOnWriteArrayList<>();
    vertx.eventBus().<Object>consumer(Addresses.ORCHESTRATOR, message -> {
      asked.add(message.headers().get(Headers.ACTION));
      if (asked.size() > 1) {
        message.reply(new JsonObject().put("status", "active").put("correlationId", "wf-start-lost"));
      }
    }).completion().await();
    return asked;
  }
}
