package io.alchemiser.shared.event;

import io.alchemiser.shared.trading.RebalancePlan;
import io.alchemiser.shared.trading.Validation;

/** The portfolio module has a plan for the account ({@code simulation}: for a backtest's scratch account on that day). */
public record RebalancePlanned(EventMetadata metadata, RebalancePlan plan, boolean dryRun, Simulation simulation) implements WorkflowEvent {
  public RebalancePlanned {
    Validation.require(metadata, "metadata");
    Validation.require(plan, "plan");
  }

  /** A plan of a live workflow. */
  public RebalancePlanned(EventMetadata metadata, RebalancePlan plan, boolean dryRun) {
    this(metadata, plan, dryRun, null);
  }
}
