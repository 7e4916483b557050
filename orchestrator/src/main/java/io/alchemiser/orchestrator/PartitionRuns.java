package io.alchemiser.orchestrator;

import io.alchemiser.shared.bus.WorkflowRuns;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The clock of one partition's running workflows: each has a timeout timer here and its run's
 * deadline in the node's {@link WorkflowRuns} (which every event of the run carries, so the modules
 * act without asking), and when one ends every node is told, batched per turn of the event loop.
 * Touched on the partition's event loop only.
 */
final class PartitionRuns {
  private final Vertx vertx;
  private final WorkflowRuns runs;
  private final WorkflowRuns.EndNoticeBatch ends;
  private final Map<String, Long> timers = new HashMap<>();

  PartitionRuns(Vertx vertx, Context context) {
    this.vertx = vertx;
    this.runs = WorkflowRuns.of(vertx);
    this.ends = new WorkflowRuns.EndNoticeBatch(vertx, context);
  }

  /** A workflow started here: it runs for {@code timeout}, then {@code onTimeout} runs unless it ended. */
  void started(String id, Duration timeout, Runnable onTimeout) {
    runs.running(id, System.currentTimeMillis() + timeout.toMillis());
    time(id, timeout, onTimeout);
  }

  /** A workflow the journal brought back with {@code left} of its time (none left: it is timed out by recovery, not here). */
  void recovered(String id, Duration left, Runnable onTimeout) {
    runs.running(id, System.currentTimeMillis() + Math.max(0, left.toMillis()));
    if (!left.isNegative() && !left.isZero()) {
      time(id, left, onTimeout);
    }
  }

  /** A workflow another orchestrator started, tracked here too; its deadline stays the one its events brought, if known. */
  void adopted(String id, Duration timeout, Runnable onTimeout) {
    if (runs.deadline(id) == null) {
      runs.running(id, System.currentTimeMillis() + timeout.toMillis());
    }
    time(id, timeout, onTimeout);
  }

  /** Whether this partition times the workflow (it started or adopted it, and it has not ended or timed out). */
  boolean timesHere(String id) {
    return timers.containsKey(id);
  }

  /** Its timer fired. */
  void timedOut(String id) {
    timers.remove(id);
  }

  /** It ended ({@code status}): its timer goes, and every node learns so that an event of it still on its way is not acted on. */
  void ended(String id, String status) {
    Long timer = timers.remove(id);
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
    Long deadline = runs.deadline(id);
    if (deadline != null) {
      ends.add(id, deadline, status);
    }
  }

  /** How many it times: this partition's share of the running workflows. */
  int size() {
    return timers.size();
  }

  void stop() {
    timers.values().forEach(vertx::cancelTimer);
  }

  private void time(String id, Duration after, Runnable onTimeout) {
    timers.put(id, vertx.setTimer(after.toMillis(), t -> onTimeout.run()));
  }
}
