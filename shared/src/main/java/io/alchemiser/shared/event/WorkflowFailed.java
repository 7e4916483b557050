package io.alchemiser.shared.event;

import io.alchemiser.shared.trading.Validation;

/**
 * The workflow ended without completing. {@code errorCode} is one of {@link ErrorCodes};
 * {@code stage} is where it was when it failed.
 */
public record WorkflowFailed(EventMetadata metadata, String failureReason, String errorCode, String stage)
    implements WorkflowEvent {
  public WorkflowFailed {
    Validation.require(metadata, "metadata");
    Validation.require(failureReason, "failureReason");
    Validation.require(errorCode, "errorCode");
  }
}
