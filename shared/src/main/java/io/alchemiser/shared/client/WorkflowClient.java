package io.alchemiser.shared.client;

import io.alchemiser.shared.event.SignalGenerated;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;

/**
 * The orchestrator's API, usable from any node of the cluster over the event bus: the original's
 * {@code start_trading_workflow}, {@code wait_for_workflow_completion}, {@code get_active_workflows},
 * {@code is_workflow_active} and {@code get_workflow_stage}. Refusals fail the Future with a
 * {@link WorkflowClientException}.
 */
public interface WorkflowClient {

  static WorkflowClient create(Vertx vertx) {
    return new EventBusWorkflowClient(vertx, java.time.Duration.ofSeconds(10));
  }

  /** With its own bound on how long a request may go unanswered (awaits get their timeout on top). */
  static WorkflowClient create(Vertx vertx, java.time.Duration requestTimeout) {
    return new EventBusWorkflowClient(vertx, requestTimeout);
  }

  /** Starts a workflow; completes with its correlation id as soon as it has started. */
  Future<String> start(StartRequest request);

  /**
   * Completes when the workflow has finished, or after {@code timeout} with the record as it then
   * stands (status ACTIVE), whichever is first.
   */
  Future<WorkflowRecord> awaitCompletion(String correlationId, Duration timeout);

  Future<WorkflowRecord> get(String correlationId);

  Future<List<WorkflowRecord>> activeWorkflows();

  /** Workflows newest first, of one status (null: any), at most {@code limit} (1 to 1000). */
  Future<List<WorkflowRecord>> recent(WorkflowStatus status, int limit);

  Future<Boolean> isActive(String correlationId);

  /** The last stage reached, as an event type name (e.g. {@code SignalGenerated}). */
  Future<String> stage(String correlationId);

  /** Where the workflow stands, without its results: cheap enough to ask for every event handled. */
  Future<WorkflowStatus> status(String correlationId);

  /** The monitoring view: how many workflows are active (and at which stage), completed, failed, timed out. */
  Future<WorkflowStats> stats();

  /**
   * Registers how events and workflow records travel on {@code vertx}'s bus: every node that asks
   * the orchestrator, or answers as one, does this (creating a client does it too).
   */
  static void registerCodecs(io.vertx.core.Vertx vertx) {
    io.alchemiser.shared.bus.EventMessageCodec.register(vertx);
    io.alchemiser.shared.bus.EventMessageCodec.registerRecord(vertx, WorkflowRecord.class, "WorkflowRecord");
  }
}
