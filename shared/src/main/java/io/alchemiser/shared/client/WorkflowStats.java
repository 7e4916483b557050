package io.alchemiser.shared.client;

import java.util.Map;

/**
 * Counts for monitoring: active workflows, and among them how many wait at each stage (the last
 * event type seen), and the finished ones the orchestrator still holds, by outcome.
 */
public record WorkflowStats(int active, Map<String, Integer> activeByStage, int completed, int failed, int timedOut) {
  public WorkflowStats {
    activeByStage = Map.copyOf(activeByStage == null ? Map.of() : activeByStage);
  }
}
