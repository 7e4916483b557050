package io.alchemiser.orchestrator.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alchemiser.orchestrator.app.ClusterPorts;
import io.alchemiser.orchestrator.app.LoopbackNodes;
import io.alchemiser.shared.client.WorkflowClientException;
import io.alchemiser.shared.client.WorkflowRecord;
import io.alchemiser.shared.client.WorkflowStatus;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The start claims across a hand-over of the start lease, on real clusters (Infinispan on 127.0.0.1,
 * the membership a TLS cluster runs): the holder after it refuses what was started before, but not the
 * retry of a workflow that failed or timed out before it held the lease, which it never saw end — also
 * when the holder before it is gone with its node, and the node that takes over joined after the claims
 * were made.
 */
class WorkflowClaimsTest {
  private static final Duration TIMEOUT = Duration.ofMinutes(5);
  private Vertx vertx;

  @BeforeEach
  void cluster() throws Exception {
    int port = ClusterPorts.free(1).get(0);
    vertx = LoopbackNodes.node(port, List.of(port), "claims-" + java.util.UUID.randomUUID());
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
    // What is not a claim is refused, naming what was wrong, and changes nothing.
    String replica = ClaimReplica.address(((VertxInternal) vertx).clusterManager().getNodeId());
    assertRefused(replica, "full", Buffer.buffer("not claims"), "no claim at byte 0");
    assertRefused(replica, "groups", Buffer.buffer().appendByte((byte) 0).appendLong(1), "cut short at byte 0 of 9");
    assertRefused(replica, "groups", new JsonObject().put("ids", new JsonArray().add("junk-id")), "needs claims as bytes, not JsonObject");
    assertRefused(replica, "forget", Buffer.buffer(), "unknown op 'forget'");
    assertRefused(replica, null, Buffer.buffer(), "unknown op (none)");

    WorkflowClaims next = new WorkflowClaims(vertx);
    onContext(() -> next.start(deciding -> { })).await();
    awaitDeciding(next);
    for (String id : List.of("done-1", "running-1", "after")) {
      assertThatThrownBy(() -> onContext(() -> next.claim(id, TIMEOUT, false, false)).await()).as(id)
          .isInstanceOfSatisfying(WorkflowClientException.class, e -> assertThat(e.code()).isEqualTo(WorkflowClientException.CONFLICT));
    }
    onContext(() -> next.claim("failed-1", TIMEOUT, false, false)).await();
    onContext(() -> next.claim("timeout-1", TIMEOUT, false, false)).await();
    // Claimed again: refused once more, to anyone else.
    assertThatThrownBy(() -> onContext(() -> next.claim("failed-1", TIMEOUT, false, false)).await())
        .isInstanceOf(WorkflowClientException.class);
    onContext(next::stop).await();
  }

  @Test
  void aNodeThatJoinsLaterGetsTheClaimsAndRefusesThemOnceTheHolderIsGone() throws Exception {
    List<Integer> ports = ClusterPorts.free(2);
    String name = "claims-" + java.util.UUID.randomUUID();
    Vertx second = null;
    try {
      vertx.close().await();
      vertx = LoopbackNodes.node(ports.get(0), ports, name);
      WorkflowClaims holder = new WorkflowClaims(vertx);
      onContext(() -> holder.start(deciding -> { })).await();
      awaitDeciding(holder);
      for (String id : List.of("before-1", "before-2", "failed-before")) {
        onContext(() -> holder.claim(id, TIMEOUT, false, false)).await();
      }
      onContext(() -> {
        holder.release(record("failed-before", WorkflowStatus.FAILED));
        return Future.succeededFuture();
      }).await();

      // The second node joins after those claims; nothing is started meanwhile, yet it is sent them.
      second = LoopbackNodes.node(ports.get(1), ports, name);
      String itsReplica = ClaimReplica.address(((VertxInternal) second).clusterManager().getNodeId());
      assertThat(awaitKept(itsReplica, "before-2")).containsKeys("before-1", "before-2").doesNotContainKey("failed-before");
      // From now on each claim reaches it as it is made.
      onContext(() -> holder.claim("after-join", TIMEOUT, false, false)).await();

      // The holder's node goes, and with it everything it kept in memory.
      vertx.close().await();
      vertx = second;
      second = null;
      WorkflowClaims next = new WorkflowClaims(vertx);
      onContext(() -> next.start(deciding -> { })).await();
      awaitDeciding(next);
      for (String id : List.of("before-1", "before-2", "after-join")) {
        assertThatThrownBy(() -> onContext(() -> next.claim(id, TIMEOUT, false, false)).await()).as(id)
            .isInstanceOfSatisfying(WorkflowClientException.class, e -> assertThat(e.code()).isEqualTo(WorkflowClientException.CONFLICT));
      }
      onContext(() -> next.claim("failed-before", TIMEOUT, false, false)).await();
      onContext(next::stop).await();
    } finally {
      if (second != null) {
        second.close().await();
      }
    }
  }

  @Test
  void aNodeThatStopsAnsweringDelaysStartsBySecondsAndIsSentEverythingOnceItAnswers() throws Exception {
    List<Integer> ports = ClusterPorts.free(2);
    String name = "claims-" + java.util.UUID.randomUUID();
    vertx.close().await();
    vertx = LoopbackNodes.node(ports.get(0), ports, name);
    Vertx second = LoopbackNodes.node(ports.get(1), ports, name);
    try {
      WorkflowClaims holder = new WorkflowClaims(vertx);
      onContext(() -> holder.start(deciding -> { })).await();
      awaitDeciding(holder);
      onContext(() -> holder.claim("first", TIMEOUT, false, false)).await();
      String itsReplica = ClaimReplica.address(((VertxInternal) second).clusterManager().getNodeId());
      awaitKept(itsReplica, "first");

      // The second node takes no claims now (as if it hung), but still answers reads.
      AtomicBoolean hung = new AtomicBoolean(true);
      second.eventBus().addInboundInterceptor(delivery -> {
        boolean claims = delivery.message().address().startsWith(ClaimReplica.ADDRESS);
        if (!(hung.get() && claims && !"read".equals(delivery.message().headers().get(ClaimReplica.OP)))) {
          delivery.next();
        }
      });
      long began = System.nanoTime();
      onContext(() -> holder.claim("while-hung", TIMEOUT, false, false)).await();
      // It waited for the node's answer until the group's timeout (2 s), then went on without it.
      assertThat(Duration.ofNanos(System.nanoTime() - began)).isBetween(Duration.ofMillis(1_900), Duration.ofSeconds(10));
      assertThat(awaitKept(itsReplica, "nothing", 1)).doesNotContainKey("while-hung");

      hung.set(false);
      assertThat(awaitKept(itsReplica, "while-hung")).containsKeys("first", "while-hung");
      onContext(holder::stop).await();
    } finally {
      second.close().await();
    }
  }

  /** The claims the replica at {@code address} keeps, once it keeps {@code id} or after 10 s. */
  private Map<String, Long> awaitKept(String address, String id) throws InterruptedException {
    return awaitKept(address, id, 100);
  }

  private Map<String, Long> awaitKept(String address, String id, int tries) throws InterruptedException {
    Map<String, Long> kept = Map.of();
    for (int i = 0; i < tries && !kept.containsKey(id); i++) {
      Thread.sleep(100);
      kept = ClaimRecords.replay(vertx.eventBus().<Buffer>request(address, null,
          new DeliveryOptions().addHeader(ClaimReplica.OP, "read")).await().body());
    }
    return kept;
  }

  private void assertRefused(String address, String op, Object body, String why) {
    DeliveryOptions options = new DeliveryOptions();
    if (op != null) {
      options.addHeader(ClaimReplica.OP, op);
    }
    assertThatThrownBy(() -> vertx.eventBus().request(address, body, options).await()).as("%s %s", op, body)
        .isInstanceOfSatisfying(ReplyException.class, e -> {
          assertThat(e.failureCode()).isEqualTo(400);
          assertThat(e.getMessage()).contains(why);
        });
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
