package io.alchemiser.orchestrator;

import io.alchemiser.shared.client.WorkflowClientException;
import io.alchemiser.shared.client.WorkflowRecord;
import io.alchemiser.shared.client.WorkflowStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One start per correlation id cluster-wide: an orchestrator claims the id in a map every
 * orchestrator shares before it starts the workflow, and records the outcome there when it ends.
 */
final class WorkflowClaims {
  /** Ids of the workflows active anywhere in the cluster (see config/cluster.xml). */
  static final String ACTIVE_MAP = "alchemiser.active-workflows";
  private static final String ACTIVE_CLAIM = "active:";
  private static final Duration OUTCOME_MEMORY = Duration.ofMinutes(1);
  private static final Logger LOG = LoggerFactory.getLogger(WorkflowClaims.class);

  private final Vertx vertx;
  private final String owner;
  /** The map, looked up once: Infinispan makes each look-up a blocking task and a cache-manager call. */
  private Future<io.vertx.core.shareddata.AsyncMap<String, String>> active;

  WorkflowClaims(Vertx vertx, String owner) {
    this.vertx = vertx;
    this.owner = owner;
  }

  /**
   * Claims the id cluster-wide (a map every orchestrator shares; a local one without a cluster), so
   * that two orchestrators cannot both start it. When the workflow ends the entry keeps its outcome:
   * a completed id stays refused everywhere, even to an orchestrator that has not yet seen the end
   * (its claim stays until it expires), while a failed or timed-out one may be claimed again.
   */
  Future<Void> claim(String id, Duration timeout, boolean simulated) {
    if (!vertx.isClustered() || simulated) {
      // Without a cluster this is the only orchestrator, and its store already refuses a known id; one
      // runner starts each simulated day once, one after another: nothing to guard cluster-wide.
      return Future.succeededFuture();
    }
    String mine = ACTIVE_CLAIM + owner;
    long ttl = timeout.plusMinutes(1).toMillis();
    return active().compose(map -> map.putIfAbsent(id, mine, ttl)
        .compose(previous -> {
          if (previous == null) {
            return Future.<Void>succeededFuture();
          }
          if (previous.equals(WorkflowStatus.FAILED.label()) || previous.equals(WorkflowStatus.TIMEOUT.label())) {
            return map.replaceIfPresent(id, previous, mine, ttl).compose(replaced -> replaced ? Future.<Void>succeededFuture()
                : Future.failedFuture(conflict(id, "another orchestrator is starting it again")));
          }
          return Future.failedFuture(conflict(id, previous.startsWith(ACTIVE_CLAIM) ? "it is already active (started by another orchestrator)"
              : "it has already completed; start a new one with another correlation id"));
        }));
  }

  private synchronized Future<io.vertx.core.shareddata.AsyncMap<String, String>> active() {
    if (active == null || active.failed()) {
      active = vertx.sharedData().getAsyncMap(ACTIVE_MAP);
    }
    return active;
  }

  private static WorkflowClientException conflict(String id, String why) {
    return new WorkflowClientException(WorkflowClientException.CONFLICT, "workflow " + id + " cannot start: " + why);
  }

  /**
   * A failed or timed-out workflow may be started again: its claim records that outcome for a minute
   * (long enough for every orchestrator to have seen the end, short enough that the map stays small).
   * A completed one may not, and its claim, still naming the orchestrator that started it, already
   * refuses every other start until it expires with the workflow's timeout; each orchestrator's store
   * refuses the id from when it sees the end. So a completed workflow costs no second cluster write.
   */
  void release(WorkflowRecord record) {
    if (!vertx.isClustered() || record.simulated() || record.status() == WorkflowStatus.COMPLETED) {
      return;
    }
    active()
        .compose(map -> map.put(record.correlationId(), record.status().label(), OUTCOME_MEMORY.toMillis()))
        .onFailure(err -> LOG.warn("could not record the end of workflow {} on its claim: {}", record.correlationId(), err.getMessage()));
  }
}
