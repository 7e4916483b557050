package io.alchemiser.shared.client;

import java.util.List;

/** A page of workflow records, as the orchestrator sends it. */
public record WorkflowList(List<WorkflowRecord> workflows) {
  public WorkflowList {
    workflows = List.copyOf(workflows == null ? List.of() : workflows);
  }
}
