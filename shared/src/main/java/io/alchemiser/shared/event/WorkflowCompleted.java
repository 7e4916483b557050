package io.alchemiser.shared.event;

import io.alchemiser.shared.trading.ExecutionSummary;
import io.alchemiser.shared.trading.Validation;

/** The plan has been executed (or, in a dry run, reported); the workflow is done. */
public record WorkflowCompleted(EventMetadata metadata, ExecutionSummary summary) implements WorkflowEvent {
  public WorkflowCompleted {
    Validation.require(metadata, "metadata");
    Validation.require(summary, "summary");
  }
}
