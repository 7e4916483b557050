package io.alchemiser.portfolio;

import io.alchemiser.shared.event.ErrorCodes;
import io.alchemiser.shared.event.WorkflowException;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * A request to the execution module's broker that failed. One that nobody answered in time, or
 * that found no module, is worth trying again: in a cluster it may have gone to a replica that has
 * just died, and the next goes to another. A broker's own refusal is not.
 */
final class BrokerRequestFailed extends WorkflowException {
  private static final long serialVersionUID = 1L;
  private final boolean retryable;

  private BrokerRequestFailed(String message, boolean retryable) {
    super(ErrorCodes.BROKER_ERROR, message);
    this.retryable = retryable;
  }

  static BrokerRequestFailed of(String what, Throwable err) {
    boolean unanswered = err instanceof ReplyException reply
        && (reply.failureType() == ReplyFailure.TIMEOUT || reply.failureType() == ReplyFailure.NO_HANDLERS);
    return new BrokerRequestFailed(what + ": " + err.getMessage(), unanswered);
  }

  @Override
  public boolean retryable() {
    return retryable;
  }
}
