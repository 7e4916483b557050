package io.alchemiser.orchestrator;

import io.alchemiser.shared.client.WorkflowRecord;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Those who await a workflow's end, on this node's event loop: each gets the record when the
 * workflow finishes, or the record as it stands when its own time is up.
 */
final class CompletionWaiters {
  private final Vertx vertx;
  private final Map<String, List<Promise<WorkflowRecord>>> waiting = new HashMap<>();

  CompletionWaiters(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Waits up to {@code timeoutMs} for the end of the workflow whose record is now {@code current}; {@code reread} reads it again. */
  Future<WorkflowRecord> await(WorkflowRecord current, long timeoutMs, Function<String, Future<WorkflowRecord>> reread) {
    String id = current.correlationId();
    if (current.status().isFinished() || timeoutMs == 0) {
      return Future.succeededFuture(current);
    }
    Promise<WorkflowRecord> promise = Promise.promise();
    waiting.computeIfAbsent(id, k -> new ArrayList<>()).add(promise);
    long timer = vertx.setTimer(timeoutMs, t -> {
      List<Promise<WorkflowRecord>> list = waiting.get(id);
      if (list != null && list.remove(promise)) {
        if (list.isEmpty()) {
          waiting.remove(id);
        }
        reread.apply(id).onComplete(promise);
      }
    });
    return promise.future().onComplete(r -> vertx.cancelTimer(timer));
  }

  /** The workflow has finished: everyone waiting for it gets its record. */
  void finished(WorkflowRecord record) {
    List<Promise<WorkflowRecord>> list = waiting.remove(record.correlationId());
    if (list != null) {
      list.forEach(p -> p.tryComplete(record));
    }
  }
}
