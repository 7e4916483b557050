package io.alchemiser.orchestrator;

import io.alchemiser.orchestrator.claims.WorkflowClaims;
import io.alchemiser.orchestrator.journal.Journal;
import io.alchemiser.shared.metrics.AlchemiserMetrics;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every partition of one node's orchestrator shares: its settings, the store of records (one,
 * so that queries and the retention count see all workflows), the metrics, the journal (one, so that
 * its writes group the partitions' events), the cluster-wide claims and the count of active workflows.
 * Each of these is safe to use from any event loop.
 */
record Orchestration(OrchestratorSettings settings, WorkflowStore store, AlchemiserMetrics metrics, Journal journal,
                     WorkflowClaims claims, AtomicInteger activeCount) {
}
