package io.alchemiser.orchestrator;

import io.alchemiser.shared.client.WorkflowRecord;
import io.alchemiser.shared.client.WorkflowStats;
import io.alchemiser.shared.client.WorkflowStatus;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where the orchestrator keeps workflow records. Asynchronous, so that a cluster-wide map or a
 * journal can back it as well as memory; the orchestrator serializes the updates of one workflow.
 */
public interface WorkflowStore {

  Future<Optional<WorkflowRecord>> get(String correlationId);

  Future<Void> put(WorkflowRecord record);

  Future<List<WorkflowRecord>> active();

  /** Finished or active workflows, newest start first; {@code status} null for all. */
  Future<List<WorkflowRecord>> recent(WorkflowStatus status, int limit);

  /** Active workflows by stage, and finished ones by status. */
  Future<WorkflowStats> stats();

  /**
   * Forgets finished workflows that finished before {@code cutoff}; returns their ids, and those of
   * the finished workflows it has dropped since the last call to keep within its count.
   */
  Future<java.util.Set<String>> pruneFinishedBefore(Instant cutoff);

  /** Forgets the finished workflows whose id matches; returns how many. */
  Future<Integer> forgetFinished(java.util.function.Predicate<String> ids);
}
