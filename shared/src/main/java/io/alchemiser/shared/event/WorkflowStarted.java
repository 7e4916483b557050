package io.alchemiser.shared.event;

import io.alchemiser.shared.trading.Validation;

/**
 * A workflow has begun. {@code trigger} says who asked for it (cli, api, schedule, test);
 * {@code dryRun} workflows plan but place no order. {@code simulation} is set on the simulated days of a
 * backtest only.
 */
public record WorkflowStarted(EventMetadata metadata, boolean dryRun, String trigger, Simulation simulation) implements WorkflowEvent {
  public WorkflowStarted {
    Validation.require(metadata, "metadata");
    Validation.require(trigger, "trigger");
    if ((simulation != null) != Simulation.isSimulatedId(metadata.correlationId())) {
      throw new IllegalArgumentException("correlation id '" + metadata.correlationId() + "' and simulation disagree: ids starting with '"
          + Simulation.WORKFLOW_PREFIX + "' are simulated backtest days, and only they");
    }
    String marked = metadata.backtestId();
    if (simulation == null ? marked != null : !simulation.backtestId().equals(marked)) {
      throw new IllegalArgumentException("metadata.backtestId '" + marked + "' and simulation disagree");
    }
  }

  /** A live workflow. */
  public WorkflowStarted(EventMetadata metadata, boolean dryRun, String trigger) {
    this(metadata, dryRun, trigger, null);
  }
}
