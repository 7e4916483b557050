package io.alchemiser.shared.client;

import java.util.Optional;

/**
 * What a request to the orchestrator asks, named in its {@code action} header. Each has its request
 * record ({@link StartRequest}, {@link WorkflowQuery}, {@link AwaitRequest}, {@link ListRequest},
 * or none) and its reply.
 */
public enum OrchestratorAction {
  /** {@link StartRequest} → {@code {"correlationId"}}. */
  START("start"),
  /** {@link AwaitRequest} → the {@link WorkflowRecord} once finished, or as it stands at the timeout. */
  AWAIT("await"),
  /** {@link WorkflowQuery} → the {@link WorkflowRecord}. */
  GET("get"),
  /** {@link WorkflowQuery} → {@code {"status"}} alone: what a module asks before it acts on an event. */
  STATUS("status"),
  /** no body → a {@link WorkflowList} of the active workflows. */
  ACTIVE("active"),
  /** no body → {@link WorkflowStats}. */
  STATS("stats"),
  /** {@link ListRequest} → a {@link WorkflowList}, newest first. */
  LIST("list");

  private final String wire;

  OrchestratorAction(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static Optional<OrchestratorAction> fromWire(String name) {
    for (OrchestratorAction action : values()) {
      if (action.wire.equals(name)) {
        return Optional.of(action);
      }
    }
    return Optional.empty();
  }
}
