package io.alchemiser.orchestrator;

import io.alchemiser.orchestrator.app.Node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alchemiser.shared.bus.Addresses;
import io.alchemiser.shared.event.ErrorCodes;
import io.alchemiser.shared.event.EventMetadata;
import io.alchemiser.shared.bus.EventPublisher;
import io.alchemiser.shared.event.EventType;
import io.alchemiser.shared.bus.Headers;
import io.alchemiser.shared.event.SignalGenerated;
import io.alchemiser.shared.client.StartRequest;
import io.alchemiser.shared.trading.StrategySignal;
import io.alchemiser.shared.client.WorkflowClient;
import io.alchemiser.shared.client.WorkflowClientException;
import io.alchemiser.shared.client.WorkflowRecord;
import io.alchemiser.shared.client.WorkflowStatus;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The real orchestrator with its neighbours faked as small verticles that speak the real events. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class OrchestratorTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static Node orchestratorOnly(Vertx vertx) throws Exception {
    return Node.start(vertx, TestNodes.config(TestNodes.tempDir(), List.of("orchestrator"))).await();
  }

  @Test
  void aThousandConcurrentWorkflowsEachCompleteWithTheirOwnResults(Vertx vertx) throws Exception {
    Node node = orchestratorOnly(vertx);
    vertx.deployVerticle(new StubModules()).await();
    WorkflowClient client = node.client();
    int count = 1000;
    List<Future<WorkflowRecord>> results = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String id = "many-" + i;
      results.add(client.start(StartRequest.of(id, false, "test")).compose(started -> client.awaitCompletion(started, WAIT)));
    }
    List<WorkflowRecord> records = Future.all(results).await().list();

    assertThat(records).hasSize(count);
    for (int i = 0; i < count; i++) {
      WorkflowRecord record = records.get(i);
      String id = "many-" + i;
      assertThat(record.correlationId()).isEqualTo(id);
      assertThat(record.status()).as(id).isEqualTo(WorkflowStatus.COMPLETED);
      assertThat(record.strategySignals().allocation()).containsOnlyKeys(StubModules.symbolOf(id));
      assertThat(record.rebalancePlan().trades().get(0).quantity()).isEqualByComparingTo(StubModules.quantityOf(id));
      assertThat(record.ordersExecuted()).singleElement()
          .satisfies(order -> assertThat(order.clientOrderId()).startsWith(id + "-"));
    }
    assertThat(client.activeWorkflows().await()).isEmpty();
    assertThat(client.stats().await()).isEqualTo(new io.alchemiser.shared.client.WorkflowStats(0, java.util.Map.of(), count, 0, 0));
  }

  @Test
  void anActiveIdCannotStartTwiceAndATimedOutOneCanRetry(Vertx vertx) throws Exception {
    Node node = orchestratorOnly(vertx);
    vertx.deployVerticle(new SilentStrategy()).await();
    WorkflowClient client = node.client();

    client.start(new StartRequest("slow", false, "test", 1L)).await();
    assertThat(client.isActive("slow").await()).isTrue();
    assertThat(client.stage("slow").await()).isEqualTo("WorkflowStarted");
    assertThat(client.activeWorkflows().await()).extracting(WorkflowRecord::correlationId).containsExactly("slow");
    assertThatThrownBy(() -> client.start(StartRequest.of("slow", false, "test")).await())
        .isInstanceOfSatisfying(WorkflowClientException.class, e -> {
          assertThat(e.code()).isEqualTo(WorkflowClientException.CONFLICT);
          assertThat(e.getMessage()).contains("already active");
        });

    WorkflowRecord timedOut = client.awaitCompletion("slow", WAIT).await();
    assertThat(timedOut.status()).isEqualTo(WorkflowStatus.TIMEOUT);
    assertThat(timedOut.errorCode()).isEqualTo(ErrorCodes.TIMEOUT);
    assertThat(timedOut.failureReason()).contains("timed out after 1s");
    assertThat(timedOut.toResultJson(java.time.Instant.now()).get("completionStatus").asText()).isEqualTo("timeout");

    // A late event for the finished workflow is ignored, not resurrected.
    new EventPublisher(vertx, "strategy").emit(lateSignal("slow")).await();
    WorkflowRecord after = client.get("slow").await();
    assertThat(after.status()).isEqualTo(WorkflowStatus.TIMEOUT);
    assertThat(after.strategySignals()).isNull();

    client.start(new StartRequest("slow", false, "test", 1L)).await();
    assertThat(client.isActive("slow").await()).isTrue();
    io.alchemiser.shared.client.WorkflowStats stats = client.stats().await();
    assertThat(stats.active()).isEqualTo(1);
    assertThat(stats.activeByStage()).containsEntry("WorkflowStarted", 1);
    assertThat(stats.timedOut()).isZero();
  }

  @Test
  void aCompletedIdIsNotRunTwiceAndBadIdsAreRefused(Vertx vertx) throws Exception {
    Node node = orchestratorOnly(vertx);
    vertx.deployVerticle(new StubModules()).await();
    WorkflowClient client = node.client();
    client.awaitCompletion(client.start(StartRequest.of("once", false, "test")).await(), WAIT).await();

    assertThatThrownBy(() -> client.start(StartRequest.of("once", false, "test")).await())
        .isInstanceOfSatisfying(WorkflowClientException.class, e -> assertThat(e.code()).isEqualTo(409));
    assertThatThrownBy(() -> client.start(StartRequest.of("has space", false, "test")).await())
        .isInstanceOfSatisfying(WorkflowClientException.class, e -> assertThat(e.code()).isEqualTo(400));
    assertThatThrownBy(() -> client.get("unknown-id").await())
        .isInstanceOfSatisfying(WorkflowClientException.class, e -> assertThat(e.code()).isEqualTo(404));
    assertThat(client.isActive("unknown-id").await()).isFalse();

    // The same refusals reach a caller that bypasses the client.
    JsonObject tooLong = new JsonObject().put("correlationId", "x".repeat(65));
    assertThatThrownBy(() -> vertx.eventBus().request(Addresses.ORCHESTRATOR, tooLong,
        new DeliveryOptions().addHeader(Headers.ACTION, "start")).await())
        .isInstanceOfSatisfying(ReplyException.class, e -> assertThat(e.failureCode()).isEqualTo(400));
    assertThatThrownBy(() -> vertx.eventBus().request(Addresses.ORCHESTRATOR, "not an object",
        new DeliveryOptions().addHeader(Headers.ACTION, "start")).await())
        .isInstanceOfSatisfying(ReplyException.class, e -> assertThat(e.failureCode()).isEqualTo(400));
    assertThatThrownBy(() -> vertx.eventBus().request(Addresses.ORCHESTRATOR, new JsonObject(),
        new DeliveryOptions().addHeader(Headers.ACTION, "explode")).await())
        .isInstanceOfSatisfying(ReplyException.class, e -> assertThat(e.getMessage()).contains("unknown action"));
  }

  @Test
  void aMalformedEventBodyFailsItsWorkflowWithAReasonAndIsCounted(Vertx vertx) throws Exception {
    Node node = orchestratorOnly(vertx);
    vertx.deployVerticle(new SilentStrategy()).await();
    WorkflowClient client = node.client();
    client.start(StartRequest.of("garbled", false, "test")).await();

    vertx.eventBus().publish(Addresses.events("garbled"), Buffer.buffer("{\"metadata\": {oops"), new DeliveryOptions()
        .addHeader(Headers.CORRELATION_ID, "garbled").addHeader(Headers.EVENT_TYPE, "SignalGenerated"));

    WorkflowRecord record = client.awaitCompletion("garbled", WAIT).await();
    assertThat(record.status()).isEqualTo(WorkflowStatus.FAILED);
    assertThat(record.errorCode()).isEqualTo(ErrorCodes.MALFORMED_EVENT);
    assertThat(record.failureReason()).contains("SignalGenerated body is not a valid event");
    assertThat(rejected(node, "malformed_body")).isEqualTo(1.0);
  }

  @Test
  void anEventWithAMissingFieldIsRejectedNotDefaulted(Vertx vertx) throws Exception {
    Node node = orchestratorOnly(vertx);
    vertx.deployVerticle(new SilentStrategy()).await();
    WorkflowClient client = node.client();
    client.start(StartRequest.of("partial", false, "test")).await();
    JsonObject body = new JsonObject(io.alchemiser.shared.bus.EventCodec.encode(lateSignal("partial")));
    body.remove("dryRun");

    vertx.eventBus().publish(Addresses.events("partial"), body.toBuffer(), new DeliveryOptions()
        .addHeader(Headers.CORRELATION_ID, "partial").addHeader(Headers.EVENT_TYPE, "SignalGenerated"));

    WorkflowRecord record = client.awaitCompletion("partial", WAIT).await();
    assertThat(record.errorCode()).isEqualTo(ErrorCodes.MALFORMED_EVENT);
    assertThat(record.failureReason()).contains("dryRun");
  }

  @Test
  void messagesWithoutCorrelationOrWithUnknownTypeAreCountedAndTheOrchestratorCarriesOn(Vertx vertx) throws Exception {
    Node node = orchestratorOnly(vertx);
    vertx.deployVerticle(new StubModules()).await();
    WorkflowClient client = node.client();

    // Sent to the bare address, where no module publishes but a message sent by hand still arrives.
    vertx.eventBus().publish(Addresses.EVENTS, new JsonObject().put("hello", "world"),
        new DeliveryOptions().addHeader(Headers.EVENT_TYPE, "SignalGenerated"));
    vertx.eventBus().publish(Addresses.EVENTS, new JsonObject(),
        new DeliveryOptions().addHeader(Headers.CORRELATION_ID, "nobody").addHeader(Headers.EVENT_TYPE, "Bogus"));

    WorkflowRecord record = client.awaitCompletion(client.start(StartRequest.of("after-junk", false, "test")).await(), WAIT).await();
    assertThat(record.status()).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(rejected(node, "missing_correlation_id")).isEqualTo(1.0);
    assertThat(rejected(node, "unknown_event_type")).isEqualTo(1.0);

    // Both are kept as dead letters, with the reason and what was sent; they survive in the journal.
    JsonObject letters = (JsonObject) vertx.eventBus().request(Addresses.DEAD_LETTERS_LIST, new JsonObject().put("limit", 10)).await().body();
    assertThat(letters.getJsonArray("deadLetters")).hasSize(2);
    // Two messages of different workflows (one of none): the orchestrator's partitions may take them in either order.
    Map<String, JsonObject> byReason = new java.util.HashMap<>();
    letters.getJsonArray("deadLetters").forEach(letter -> byReason.put(((JsonObject) letter).getString("reason"), (JsonObject) letter));
    JsonObject unknownType = byReason.get("unknown_event_type");
    assertThat(unknownType.getString("module")).isEqualTo("orchestrator");
    assertThat(unknownType.getString("correlationId")).isEqualTo("nobody");
    assertThat(unknownType.getJsonObject("headers").getString("event-type")).isEqualTo("Bogus");
    assertThat(byReason.get("missing_correlation_id").getString("body")).contains("hello");
  }

  private static double rejected(Node node, String reason) {
    Counter counter = node.meterRegistry().find("alchemiser.messages.rejected")
        .tags("module", "orchestrator", "reason", reason).counter();
    return counter == null ? 0 : counter.count();
  }

  private static SignalGenerated lateSignal(String id) {
    Map<String, BigDecimal> allocation = Map.of("SPY", BigDecimal.ONE);
    return new SignalGenerated(EventMetadata.next(EventType.SIGNAL_GENERATED, id, null, "strategy"), allocation,
        List.of(new StrategySignal("late", BigDecimal.ONE, allocation, List.of())), LocalDate.of(2025, 1, 2), null, false);
  }
}
