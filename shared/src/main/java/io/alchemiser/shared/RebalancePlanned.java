package io.alchemiser.shared;

/** The portfolio module has a plan for the account. */
public record RebalancePlanned(EventMetadata metadata, RebalancePlan plan, boolean dryRun) implements WorkflowEvent {
  public RebalancePlanned {
    Validation.require(metadata, "metadata");
    Validation.require(plan, "plan");
  }
}
