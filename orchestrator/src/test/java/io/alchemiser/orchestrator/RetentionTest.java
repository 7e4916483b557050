package io.alchemiser.orchestrator;

import io.alchemiser.orchestrator.app.Node;
import io.alchemiser.orchestrator.journal.Journal;
import io.alchemiser.orchestrator.journal.JournalReplay;

import static org.assertj.core.api.Assertions.assertThat;

import io.alchemiser.shared.client.StartRequest;
import io.alchemiser.shared.client.WorkflowClient;
import io.alchemiser.shared.client.WorkflowClientException;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Finished workflows beyond the configured count are forgotten, in memory and in the journal. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class RetentionTest {

  @Test
  void onlyTheNewestFinishedWorkflowsAreKept() throws Exception {
    Path dataDir = TestNodes.tempDir();
    JsonObject config = TestNodes.allModules(dataDir);
    config.put("orchestrator", new JsonObject().put("retention", new JsonObject().put("maxFinished", 2).put("pruneIntervalSeconds", 1)));
    Vertx vertx = Vertx.vertx();
    try {
      WorkflowClient client = Node.start(vertx, config).await().client();
      for (int i = 1; i <= 4; i++) {
        client.awaitCompletion(client.start(StartRequest.of("kept-" + i, true, "test")).await(), Duration.ofSeconds(20)).await();
      }
      Thread.sleep(2_500);
      assertThat(client.get("kept-4").await().correlationId()).isEqualTo("kept-4");
      try {
        client.get("kept-1").await();
        throw new AssertionError("kept-1 should be forgotten");
      } catch (WorkflowClientException e) {
        assertThat(e.code()).isEqualTo(404);
      }
    } finally {
      vertx.close().await();
    }
    try (Journal journal = Journal.open(dataDir, true)) {
      assertThat(JournalReplay.of(journal).records.keySet()).containsExactlyInAnyOrder("kept-3", "kept-4");
    }
  }
}
