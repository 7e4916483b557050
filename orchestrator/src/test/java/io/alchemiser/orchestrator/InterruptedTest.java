package io.alchemiser.orchestrator;

import io.alchemiser.orchestrator.app.Node;

import static org.assertj.core.api.Assertions.assertThat;

import io.alchemiser.shared.event.ErrorCodes;
import io.alchemiser.shared.client.StartRequest;
import io.alchemiser.shared.client.WorkflowClient;
import io.alchemiser.shared.client.WorkflowRecord;
import io.alchemiser.shared.client.WorkflowStatus;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A workflow whose process stopped and that is past its timeout when the node comes back ends interrupted, and can be run again. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class InterruptedTest {

  @Test
  void pastItsTimeoutItEndsInterruptedAndTheSameIdRunsAgain() throws Exception {
    Path dataDir = TestNodes.tempDir();
    JsonObject slow = TestNodes.allModules(dataDir);
    slow.put("orchestrator", new JsonObject().put("workflowTimeoutSeconds", 1));
    slow.put("strategy", slow.getJsonObject("strategy").copy().put("testing", new JsonObject().put("delayMs", 30_000)));
    Vertx first = Vertx.vertx();
    try {
      WorkflowClient client = Node.start(first, slow).await().client();
      client.start(StartRequest.of("cut-short", false, "test")).await();
      assertThat(client.stage("cut-short").await()).isEqualTo("WorkflowStarted");
    } finally {
      // The process goes away while the strategy is still working.
      first.close().await();
    }
    Thread.sleep(1_500);

    JsonObject normal = TestNodes.allModules(dataDir);
    normal.put("orchestrator", new JsonObject().put("workflowTimeoutSeconds", 1));
    Vertx second = Vertx.vertx();
    try {
      WorkflowClient client = Node.start(second, normal).await().client();
      WorkflowRecord interrupted = client.awaitCompletion("cut-short", Duration.ofSeconds(10)).await();
      assertThat(interrupted.status()).isEqualTo(WorkflowStatus.FAILED);
      assertThat(interrupted.errorCode()).isEqualTo(ErrorCodes.INTERRUPTED);
      assertThat(interrupted.failureReason()).startsWith("interrupted").contains("WorkflowStarted");

      WorkflowRecord again = client.awaitCompletion(client.start(StartRequest.of("cut-short", false, "test")).await(),
          Duration.ofSeconds(20)).await();
      assertThat(again.status()).isEqualTo(WorkflowStatus.COMPLETED);
      assertThat(again.ordersExecuted()).isNotEmpty();
    } finally {
      second.close().await();
    }
  }
}
