package io.alchemiser.orchestrator.claims;

import io.alchemiser.shared.client.WorkflowClientException;
import io.alchemiser.shared.cluster.ClusterMap;
import io.alchemiser.shared.client.WorkflowRecord;
import io.alchemiser.shared.client.WorkflowStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One start per correlation id in the whole cluster, without a cluster write per start. One
 * orchestrator at a time decides starts, the holder of the {@link StartLease}; the others hand their
 * starts to it. It refuses an id its store knows as active or completed (its caller asks the store
 * first), and an id claimed within the workflow's timeout plus a minute that its store does not know
 * — started before this node held the lease, or forgotten by the store's retention — so that a
 * completed workflow's id stays refused even where its end was never seen. Every claim is with every
 * node of the cluster before its workflow starts ({@link ClaimReplicas}, many claims to one message per
 * node), with the release of each that failed or timed out (it may be started again), and the next
 * holder reads them all from every node when it takes the lease over. Without a cluster this is the only orchestrator
 * and its store decides alone; a backtest's simulated days are started once each by one runner.
 */
public final class WorkflowClaims {
  /** The cluster map of the start lease (a copy on every Infinispan node; two backups in config/cluster.xml). */
  private static final Duration CLAIM_MEMORY = Duration.ofMinutes(1);
  private static final Logger LOG = LoggerFactory.getLogger(WorkflowClaims.class);

  private final Vertx vertx;
  private final boolean clustered;
  private final String owner;
  /** Claimed ids and until when (epoch ms) each is refused, whether this node claimed it or read it at take-over. */
  private final Map<String, Long> claimed = new ConcurrentHashMap<>();
  private StartLease lease;
  private Future<AsyncMap<String, String>> map;
  private ClaimReplicas replicas;
  private long pruneTimer = -1;
  private long syncTimer = -1;

  public WorkflowClaims(Vertx vertx) {
    this.vertx = vertx;
    this.clustered = vertx.isClustered();
    // Unique in the cluster: deployment ids repeat from one node to the next.
    this.owner = java.util.UUID.randomUUID().toString();
  }

  /**
   * Takes part in the lease (clustered only): completes once this node holds it or knows another does.
   * {@code onChange} hears, on the caller's event loop, when this node begins and stops deciding starts.
   */
  public Future<Void> start(Consumer<Boolean> onChange) {
    if (!clustered) {
      return Future.succeededFuture();
    }
    replicas = new ClaimReplicas(vertx, claimed);
    syncTimer = replicas.keepInStep(this::decidesStarts);
    lease = new StartLease(vertx, this::map, owner, this::takeOver, onChange);
    pruneTimer = vertx.setPeriodic(CLAIM_MEMORY.toMillis(), id -> {
      long now = System.currentTimeMillis();
      claimed.values().removeIf(until -> until < now);
    });
    return lease.start();
  }

  /**
   * The cluster map, looked up once, and again after a failed look-up: a node whose first look-up met
   * Infinispan still defining the map cluster-wide ("no matching cache configuration") kept that failure,
   * and never took the lease (seen once in CI, 1 December 2026). AccountLeases does the same.
   */
  private synchronized Future<AsyncMap<String, String>> map() {
    if (map == null || map.failed()) {
      map = ClusterMap.ACTIVE_WORKFLOWS.open(vertx);
    }
    return map;
  }

  /** Gives the lease up, if held. */
  public Future<Void> stop() {
    vertx.cancelTimer(pruneTimer);
    vertx.cancelTimer(syncTimer);
    return lease == null ? Future.succeededFuture() : lease.stop();
  }

  /** Whether starts are decided here; where not, they go to the holder of the lease. */
  public boolean decidesStarts() {
    return !clustered || lease != null && lease.held();
  }

  private Future<Void> takeOver() {
    return replicas.readAll().map(read -> {
      LOG.info("read {} claims of workflow starts from the cluster's nodes (counted per node)", read);
      return null;
    });
  }

  /**
   * Claims the id; completes once the claim is with the cluster's nodes. {@code knownHere}: this node's
   * store holds the workflow and allowed the start (a retry of a failed or timed-out one).
   */
  public Future<Void> claim(String id, Duration timeout, boolean simulated, boolean knownHere) {
    if (!clustered || simulated) {
      return Future.succeededFuture();
    }
    if (!decidesStarts()) {
      return Future.failedFuture(new WorkflowClientException(WorkflowClientException.UNAVAILABLE,
          "workflow " + id + " cannot start now: this orchestrator has stopped deciding starts (the start lease moved); retry"));
    }
    long now = System.currentTimeMillis();
    Long until = claimed.get(id);
    if (!knownHere && until != null && until > now) {
      return Future.failedFuture(new WorkflowClientException(WorkflowClientException.CONFLICT, "workflow " + id
          + " cannot start: it was started in the cluster before (it is active or has completed); start a new one with another correlation id"));
    }
    long mine = now + timeout.plus(CLAIM_MEMORY).toMillis();
    claimed.put(id, mine);
    return replicas.append(new ClaimRecords.Claim(id, mine))
        .compose(v -> lease.held() ? Future.<Void>succeededFuture() : Future.<Void>failedFuture(new WorkflowClientException(
            WorkflowClientException.UNAVAILABLE, "workflow " + id + " did not start: the start lease moved while it was claimed; retry")))
        .recover(err -> {
          claimed.remove(id, mine);
          return Future.failedFuture(err instanceof WorkflowClientException ? err : new WorkflowClientException(WorkflowClientException.UNAVAILABLE,
              "workflow " + id + " did not start: its claim could not be sent to the cluster's nodes (" + err.getMessage() + "); retry"));
        });
  }

  /**
   * A failed or timed-out workflow may be started again: its claim goes (a completed one's stays until
   * it expires). The holder writes the release to the cluster, so that a holder after it which never
   * saw the workflow end (it joined later) allows the retry too; if the holder dies before that write,
   * the next refuses a retry until the claim expires.
   */
  public void release(WorkflowRecord record) {
    if (record.status() == WorkflowStatus.FAILED || record.status() == WorkflowStatus.TIMEOUT) {
      Long until = claimed.remove(record.correlationId());
      if (until != null && replicas != null && decidesStarts()) {
        replicas.append(new ClaimRecords.Claim(record.correlationId(), until, true)).onFailure(err ->
            LOG.warn("the release of workflow {} (it may be started again) did not reach the cluster's nodes: {}; a later holder of the "
                + "start lease refuses to start it again until its claim expires", record.correlationId(), err.getMessage()));
      }
    }
  }
}
