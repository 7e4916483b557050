package io.alchemiser.shared;

/**
 * A workflow has begun. {@code trigger} says who asked for it (cli, api, schedule, test);
 * {@code dryRun} workflows plan but place no order.
 */
public record WorkflowStarted(EventMetadata metadata, boolean dryRun, String trigger) implements WorkflowEvent {
  public WorkflowStarted {
    Validation.require(metadata, "metadata");
    Validation.require(trigger, "trigger");
  }
}
