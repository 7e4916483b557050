package io.alchemiser.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alchemiser.shared.client.StartRequest;
import io.alchemiser.shared.client.WorkflowClient;
import io.alchemiser.shared.client.WorkflowClientException;
import io.alchemiser.shared.client.WorkflowRecord;
import io.alchemiser.shared.client.WorkflowStats;
import io.alchemiser.shared.client.WorkflowStatus;
import io.alchemiser.shared.config.ConfigException;
import io.alchemiser.shared.config.ConfigReader;
import io.alchemiser.shared.metrics.AlchemiserMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The orchestrator split over partitions (event loops) by correlation id: every workflow still
 * starts once, sees its own events folded in order, and shows in the queries, whichever partition
 * holds it.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class PartitionedOrchestratorTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void fourPartitionsEachStartAWorkflowOnceAndFoldItsEventsInOrder(Vertx vertx) throws Exception {
    OrchestratorSettings settings = fourPartitions();
    OrchestratorVerticle orchestrator = new OrchestratorVerticle(settings, new InMemoryWorkflowStore(10_000), AlchemiserMetrics.NOOP);
    vertx.deployVerticle(orchestrator).await();
    vertx.deployVerticle(new StubModules()).await();
    WorkflowClient client = WorkflowClient.create(vertx);

    int count = 400;
    Set<WorkflowPartition> used = new HashSet<>();
    List<Future<String>> starts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String id = "part-" + i;
      used.add(orchestrator.partition(id));
      // Three starts of one id at once: they meet in its partition, one after another.
      for (int attempt = 0; attempt < 3; attempt++) {
        starts.add(client.start(StartRequest.of(id, false, "test")));
      }
    }
    assertThat(used).as("the ids spread over every partition").hasSize(4);
    Future.join(starts).otherwiseEmpty().await();
    int started = 0;
    for (int i = 0; i < starts.size(); i++) {
      Future<String> start = starts.get(i);
      if (start.succeeded()) {
        started++;
      } else {
        assertThat(start.cause()).isInstanceOf(WorkflowClientException.class);
        assertThat(((WorkflowClientException) start.cause()).code()).isEqualTo(WorkflowClientException.CONFLICT);
      }
    }
    assertThat(started).isEqualTo(count);

    List<Future<WorkflowRecord>> ends = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ends.add(client.awaitCompletion("part-" + i, WAIT));
    }
    List<WorkflowRecord> records = Future.all(ends).await().list();
    for (int i = 0; i < count; i++) {
      WorkflowRecord record = records.get(i);
      String id = "part-" + i;
      assertThat(record.status()).as(id).isEqualTo(WorkflowStatus.COMPLETED);
      // The trade came before the completion on the bus, and was folded before it: events of one workflow keep their order.
      assertThat(record.ordersExecuted()).as(id).singleElement()
          .satisfies(order -> assertThat(order.clientOrderId()).startsWith(id + "-"));
      assertThat(record.stageTimes()).as(id).containsOnlyKeys("WorkflowStarted", "SignalGenerated", "RebalancePlanned",
          "TradeExecuted", "WorkflowCompleted");
    }
    // The queries see every partition's workflows.
    assertThat(client.stats().await()).isEqualTo(new WorkflowStats(0, Map.of(), count, 0, 0));
    assertThat(client.recent(null, count + 10).await()).hasSize(count);
  }

  @Test
  void fourPartitionsShareOneJournalAndEachWorkflowsEventsAreWrittenInTheirOrder(Vertx vertx) throws Exception {
    java.nio.file.Path dataDir = TestNodes.tempDir();
    OrchestratorSettings settings = fourPartitions();
    io.alchemiser.orchestrator.journal.Journal journal = io.alchemiser.orchestrator.journal.Journal.open(dataDir, false);
    String deployment = vertx.deployVerticle(new OrchestratorVerticle(settings, new InMemoryWorkflowStore(10_000), AlchemiserMetrics.NOOP,
        journal)).await();
    vertx.deployVerticle(new StubModules()).await();
    WorkflowClient client = WorkflowClient.create(vertx);

    int count = 200;
    List<Future<WorkflowRecord>> ends = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ends.add(client.start(StartRequest.of("journaled-" + i, false, "test")).compose(id -> client.awaitCompletion(id, WAIT)));
    }
    assertThat(Future.all(ends).await().<WorkflowRecord>list()).allSatisfy(record -> assertThat(record.status()).isEqualTo(WorkflowStatus.COMPLETED));
    vertx.undeploy(deployment).await();

    // Every partition's appends went through one writer: each event once, each workflow's in the order it happened.
    try (io.alchemiser.orchestrator.journal.Journal written = io.alchemiser.orchestrator.journal.Journal.open(dataDir, true)) {
      var replay = io.alchemiser.orchestrator.journal.JournalReplay.of(written);
      assertThat(replay.records).hasSize(count);
      for (int i = 0; i < count; i++) {
        String id = "journaled-" + i;
        assertThat(replay.events.get(id)).as(id).extracting(event -> event.metadata().eventType())
            .containsExactly("WorkflowStarted", "SignalGenerated", "RebalancePlanned", "TradeExecuted", "WorkflowCompleted");
        assertThat(replay.records.get(id).status()).isEqualTo(WorkflowStatus.COMPLETED);
      }
    }
  }

  @Test
  void eachPartitionsWorkflowsInFlightAreAGauge(Vertx vertx) throws Exception {
    io.micrometer.core.instrument.simple.SimpleMeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    OrchestratorSettings settings = fourPartitions();
    OrchestratorVerticle orchestrator = new OrchestratorVerticle(settings, new InMemoryWorkflowStore(10_000),
        AlchemiserMetrics.micrometer(registry));
    vertx.deployVerticle(orchestrator).await();
    // A strategy module that takes the workflows and never answers: they stay in flight.
    vertx.eventBus().consumer(io.alchemiser.shared.event.EventType.WORKFLOW_STARTED.handlerAddress(), message -> { }).completion().await();
    WorkflowClient client = WorkflowClient.create(vertx);
    int[] expected = new int[4];
    List<Future<String>> starts = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String id = "held-" + i;
      expected[orchestrator.partition(id).index()]++;
      starts.add(client.start(StartRequest.of(id, false, "test")));
    }
    Future.all(starts).await();
    for (int p = 0; p < 4; p++) {
      var gauge = registry.find("alchemiser.orchestrator.partition.workflows").tag("partition", Integer.toString(p)).gauge();
      assertThat(gauge).as("partition %d", p).isNotNull();
      assertThat(gauge.value()).as("partition %d", p).isEqualTo(expected[p]);
    }
    assertThat(registry.find("alchemiser.workflows.active").gauge().value()).isEqualTo(40);
  }

  private static OrchestratorSettings fourPartitions() {
    return OrchestratorSettings.from(new ConfigReader(new JsonObject().put("partitions", 4), "orchestrator"));
  }

  @Test
  void thePartitionCountIsCheckedWhereItIsRead() {
    assertThat(OrchestratorSettings.from(new ConfigReader(new JsonObject(), "orchestrator")).partitions())
        .isEqualTo(Math.min(16, Runtime.getRuntime().availableProcessors()));
    assertThatThrownBy(() -> OrchestratorSettings.from(new ConfigReader(new JsonObject().put("partitions", 0), "orchestrator")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("orchestrator.partitions");
    assertThatThrownBy(() -> OrchestratorSettings.from(new ConfigReader(new JsonObject().put("partitions", 17), "orchestrator")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("orchestrator.partitions").hasMessageContaining("at most 16");
  }
}
