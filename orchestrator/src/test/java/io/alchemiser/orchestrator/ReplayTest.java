package io.alchemiser.orchestrator;

import io.alchemiser.orchestrator.app.Node;
import io.alchemiser.orchestrator.journal.Journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.alchemiser.shared.bus.EventPublisher;
import io.alchemiser.shared.client.StartRequest;
import io.alchemiser.shared.client.WorkflowClient;
import io.alchemiser.shared.event.WorkflowEvent;
import io.alchemiser.shared.client.WorkflowRecord;
import io.alchemiser.shared.client.WorkflowStatus;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Delivering events again — the whole journal, into a running system — has no second effect. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class ReplayTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void replayingTheWholeJournalChangesNothing(Vertx vertx) throws Exception {
    Path dataDir = TestNodes.tempDir();
    JsonObject before = TestNodes.withFixedStrategy(TestNodes.allModules(dataDir), new JsonObject().put("SPY", 0.5).put("TLT", 0.5));
    JsonObject after = TestNodes.withFixedStrategy(TestNodes.allModules(dataDir), new JsonObject().put("SPY", 0.5).put("GLD", 0.5));
    List<WorkflowRecord> records = new ArrayList<>();

    Vertx first = Vertx.vertx();
    try {
      WorkflowClient client = Node.start(first, before).await().client();
      records.add(client.awaitCompletion(client.start(StartRequest.of("replay-1", false, "test")).await(), WAIT).await());
    } finally {
      first.close().await();
    }
    Vertx second = Vertx.vertx();
    try {
      WorkflowClient client = Node.start(second, after).await().client();
      records.add(client.awaitCompletion(client.start(StartRequest.of("replay-2", false, "test")).await(), WAIT).await());
      records.add(client.awaitCompletion(client.start(StartRequest.of("replay-3", true, "test")).await(), WAIT).await());
    } finally {
      second.close().await();
    }
    assertThat(records).allMatch(r -> r.status() == WorkflowStatus.COMPLETED);
    Path account = dataDir.resolve("paper-broker/account.json");
    String accountBefore = Files.readString(account);

    List<WorkflowEvent> journaled = new ArrayList<>();
    try (Journal journal = Journal.open(dataDir, true)) {
      journal.forEach(journaled::add);
    }
    assertThat(journaled).hasSizeGreaterThan(10);

    // A running system (restored from the same journal) gets every event again, observers and acting modules alike.
    Node node = Node.start(vertx, after).await();
    EventPublisher publisher = new EventPublisher(vertx, "replay");
    for (WorkflowEvent event : journaled) {
      publisher.emit(event).await();
    }
    Thread.sleep(1_000);

    assertThat(Files.readString(account)).isEqualTo(accountBefore);
    for (WorkflowRecord record : records) {
      WorkflowRecord now = node.client().get(record.correlationId()).await();
      assertThat(now.status()).isEqualTo(record.status());
      assertThat(now.ordersExecuted()).isEqualTo(record.ordersExecuted());
      assertThat(now.rebalancePlan()).isEqualTo(record.rebalancePlan());
      assertThat(now.finishedAt()).isEqualTo(record.finishedAt());
    }
    assertThat(node.client().activeWorkflows().await()).isEmpty();

    // And once more, now that the running system has seen them all: still no second effect.
    for (WorkflowEvent event : journaled) {
      publisher.emit(event).await();
    }
    Thread.sleep(500);
    assertThat(Files.readString(account)).isEqualTo(accountBefore);
  }
}
