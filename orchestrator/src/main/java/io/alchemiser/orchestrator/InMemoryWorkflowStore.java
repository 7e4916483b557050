package io.alchemiser.orchestrator;

import io.alchemiser.shared.client.WorkflowRecord;
import io.alchemiser.shared.client.WorkflowStats;
import io.alchemiser.shared.client.WorkflowStatus;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Records in memory: every active workflow, and at most {@code maxFinished} finished ones (the
 * oldest finished are forgotten first), so memory stays bounded however long the node runs. Active
 * records are objects, folded at every event; finished ones are kept compact ({@link FinishedRecords}).
 * A backtest's simulated days finish in a ring of their own, so that a long backtest does not push
 * the live workflows out of the queries (and, through the prune, out of the journal).
 */
public final class InMemoryWorkflowStore implements WorkflowStore {
  /**
   * Finished simulated days kept, at most: each is read by its backtest's runner as soon as it ends
   * (one day at a time per backtest), and all of a backtest's are forgotten when it ends.
   */
  static final int SIMULATED_DAYS_KEPT = 1_024;
  private final Map<String, WorkflowRecord> active = new HashMap<>();
  private final FinishedRecords finished;
  private final FinishedRecords finishedDays;
  /** Dropped to stay within maxFinished since the last prune, so a journal can forget them too. */
  private final java.util.Set<String> evicted = new java.util.LinkedHashSet<>();
  private final boolean keepEvictedIds;

  public InMemoryWorkflowStore(int maxFinished) {
    this(maxFinished, true);
  }

  /**
   * {@code keepEvictedIds}: remember the ids dropped to stay within the count until the next prune
   * reports them (a journal needs them; without one they would only pile up between prunes).
   */
  public InMemoryWorkflowStore(int maxFinished, boolean keepEvictedIds) {
    if (maxFinished < 1) {
      throw new IllegalArgumentException("maxFinished must be positive");
    }
    this.finished = new FinishedRecords(maxFinished);
    this.finishedDays = new FinishedRecords(Math.min(maxFinished, SIMULATED_DAYS_KEPT));
    this.keepEvictedIds = keepEvictedIds;
  }

  @Override
  public synchronized Future<Optional<WorkflowRecord>> get(String correlationId) {
    WorkflowRecord record = active.get(correlationId);
    if (record == null) {
      record = finished.get(correlationId);
    }
    return Future.succeededFuture(Optional.ofNullable(record != null ? record : finishedDays.get(correlationId)));
  }

  @Override
  public Future<Void> put(WorkflowRecord record) {
    // Written before the lock: every partition's events pass through this store.
    byte[] encoded = record.status().isFinished() ? FinishedRecords.encode(record) : null;
    String id = record.correlationId();
    synchronized (this) {
      if (encoded != null) {
        active.remove(id);
        String dropped = (record.simulated() ? finishedDays : finished).add(record, encoded);
        if (dropped != null && keepEvictedIds) {
          evicted.add(dropped);
        }
      } else if (active.put(id, record) == null) {
        // Active now, so not among the finished (a failed workflow started again); an id is in one place only.
        finished.remove(id);
        finishedDays.remove(id);
        evicted.remove(id);
      }
    }
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<List<WorkflowRecord>> active() {
    List<WorkflowRecord> records = new ArrayList<>(active.values());
    // A backtest's simulated days are kept for their runner to read, and left out of the views of live trading.
    records.removeIf(WorkflowRecord::simulated);
    records.sort(Comparator.comparing(WorkflowRecord::startedAt).reversed());
    return Future.succeededFuture(records);
  }

  @Override
  public synchronized Future<List<WorkflowRecord>> recent(WorkflowStatus status, int limit) {
    List<WorkflowRecord> records = new ArrayList<>();
    if (status == null || status == WorkflowStatus.ACTIVE) {
      records.addAll(active.values());
      records.removeIf(WorkflowRecord::simulated);
    }
    if (status != WorkflowStatus.ACTIVE) {
      records.addAll(finished.latest(status, limit));
    }
    records.sort(Comparator.comparing(WorkflowRecord::startedAt).reversed());
    return Future.succeededFuture(records.subList(0, Math.min(limit, records.size())));
  }

  @Override
  public synchronized Future<WorkflowStats> stats() {
    Map<String, Integer> byStage = new java.util.TreeMap<>();
    int activeCount = 0;
    for (WorkflowRecord record : active.values()) {
      if (!record.simulated()) {
        byStage.merge(record.stage(), 1, Integer::sum);
        activeCount++;
      }
    }
    int[] counts = finished.countsByStatus();
    return Future.succeededFuture(new WorkflowStats(activeCount, byStage, counts[WorkflowStatus.COMPLETED.ordinal()],
        counts[WorkflowStatus.FAILED.ordinal()], counts[WorkflowStatus.TIMEOUT.ordinal()]));
  }

  @Override
  public synchronized Future<java.util.Set<String>> pruneFinishedBefore(Instant cutoff) {
    java.util.Set<String> pruned = new java.util.HashSet<>(evicted);
    evicted.clear();
    pruned.addAll(finished.removeFinishedBefore(cutoff));
    pruned.addAll(finishedDays.removeFinishedBefore(cutoff));
    return Future.succeededFuture(pruned);
  }

  @Override
  public synchronized Future<Integer> forgetFinished(java.util.function.Predicate<String> ids) {
    return Future.succeededFuture(finished.removeIds(ids).size() + finishedDays.removeIds(ids).size());
  }
}
