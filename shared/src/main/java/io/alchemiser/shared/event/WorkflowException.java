package io.alchemiser.shared.event;

/**
 * A failure a module reports for a workflow: the error code for {@link WorkflowFailed} and a
 * message fit for a user (no stack trace reaches one).
 */
public class WorkflowException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String errorCode;

  public WorkflowException(String errorCode, String message) {
    super(message);
    this.errorCode = errorCode;
  }

  public WorkflowException(String errorCode, String message, Throwable cause) {
    super(message, cause);
    this.errorCode = errorCode;
  }

  public String errorCode() {
    return errorCode;
  }

  /** Whether trying the same work again may succeed (a rate limit, a server error, no connection). */
  public boolean retryable() {
    return false;
  }
}
