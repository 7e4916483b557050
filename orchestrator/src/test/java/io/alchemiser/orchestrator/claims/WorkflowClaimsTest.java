package io.alchemiser.orchestrator.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alchemiser.orchestrator.app.AlchemiserRuntime;
import io.alchemiser.orchestrator.app.ClusterPorts;
import io.alchemiser.orchestrator.app.ClusterSettings;
import io.alchemiser.shared.client.WorkflowClientException;
import io.alchemiser.shared.client.WorkflowRecord;
import io.alchemiser.shared.client.WorkflowStatus;
import io.alchemiser.shared.config.ConfigReader;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The start claims across a hand-over of the start lease, on a real cluster map (a one-member
 * Infinispan cluster on 127.0.0.1, the membership a TLS cluster runs): the holder after it refuses
 * what was started before, but not the retry of a workflow that failed or timed out before it held
 * the lease, which it never saw end.
 */
class WorkflowClaimsTest {
  private static final Duration TIMEOUT = Duration.ofMinutes(5);
  private Vertx vertx;

  @BeforeEach
  void cluster() throws Exception {
    int port = ClusterPorts.free(1).get(0);
    JsonObject config = new JsonObject().put("cluster", new JsonObject().put("port", Integer.toString(port))
        .put("members", new JsonArray().add("127.0.0.1:" + port)).put("name", "claims-" + java.util.UUID.randomUUID())
        .put("manager", "infinispan"));
    vertx = AlchemiserRuntime.createClustered(ClusterSettings.from(ConfigReader.root(config))).await().vertx();
  }

  @AfterEach
  void close() {
    if (vertx != null) {
      vertx.close().await();
    }
  }

  @Test
  void theNextHolderRefusesWhatStartedBeforeButNotTheRetryOfOneThatFailed() throws Exception {
    WorkflowClaims first = new WorkflowClaims(vertx);
    onContext(() -> first.start(deciding -> { })).await();
    awaitDeciding(first);
    for (String id : List.of("done-1", "failed-1", "timeout-1", "running-1")) {
      onContext(() -> first.claim(id, TIMEOUT, false, false)).await();
    }
    // Every orchestrator hears each end; only the holder writes a release to the cluster.
    onContext(() -> {
      first.release(record("done-1", WorkflowStatus.COMPLETED));
      first.release(record("failed-1", WorkflowStatus.FAILED));
      first.release(record("timeout-1", WorkflowStatus.TIMEOUT));
      return Future.succeededFuture();
    }).await();
    // Groups are written in order: once a later claim is written, so are the releases before it.
    onContext(() -> first.claim("after", TIMEOUT, false, false)).await();
    onContext(first::stop).await();
    // Groups that cannot be read are skipped, never a reason not to take the lease.
    var map = vertx.sharedData().<String, String>getAsyncMap(WorkflowClaims.MAP).await();
    long later = System.currentTimeMillis() + 60_000;
    map.put("claims:junk:1", "not json", 60_000).await();
    map.put("claims:junk:2", new JsonObject().put("until", later).put("ids", 5).encode(), 60_000).await();
    map.put("claims:junk:3", new JsonObject().put("until", later).put("at", "noon").put("ids", new JsonArray().add("junk-id")).encode(),
        60_000).await();

    WorkflowClaims next = new WorkflowClaims(vertx);
    onContext(() -> next.start(deciding -> { })).await();
    awaitDeciding(next);
    for (String id : List.of("done-1", "running-1", "after")) {
      assertThatThrownBy(() -> onContext(() -> next.claim(id, TIMEOUT, false, false)).await()).as(id)
          .isInstanceOfSatisfying(WorkflowClientException.class, e -> assertThat(e.code()).isEqualTo(WorkflowClientException.CONFLICT));
    }
    onContext(() -> next.claim("failed-1", TIMEOUT, false, false)).await();
    onContext(() -> next.claim("timeout-1", TIMEOUT, false, false)).await();
    onContext(() -> next.claim("junk-id", TIMEOUT, false, false)).await();
    // Claimed again: refused once more, to anyone else.
    assertThatThrownBy(() -> onContext(() -> next.claim("failed-1", TIMEOUT, false, false)).await())
        .isInstanceOf(WorkflowClientException.class);
    onContext(next::stop).await();
  }

  private static void awaitDeciding(WorkflowClaims claims) throws InterruptedException {
    for (int i = 0; i < 200 && !claims.decidesStarts(); i++) {
      Thread.sleep(100);
    }
    assertThat(claims.decidesStarts()).as("holds the start lease").isTrue();
  }

  private <T> Future<T> onContext(Supplier<Future<T>> call) {
    Promise<T> promise = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> {
      try {
        call.get().onComplete(promise);
      } catch (RuntimeException e) {
        promise.fail(e);
      }
    });
    return promise.future();
  }

  private static WorkflowRecord record(String id, WorkflowStatus status) {
    Instant at = Instant.parse("2026-12-01T10:00:00Z");
    return new WorkflowRecord(id, status, "WorkflowFailed", false, "cli", at, at.plusSeconds(1), Map.of(), null, null, List.of(), null,
        status == WorkflowStatus.COMPLETED ? null : "why", null, null);
  }
}
