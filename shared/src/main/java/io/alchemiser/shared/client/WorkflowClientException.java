package io.alchemiser.shared.client;

/**
 * A refusal from the orchestrator: {@link #BAD_REQUEST} (invalid id), {@link #NOT_FOUND} (unknown
 * id), {@link #CONFLICT} (that id is active) or {@link #UNAVAILABLE} (no orchestrator answered).
 */
public final class WorkflowClientException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  public static final int BAD_REQUEST = 400;
  public static final int NOT_FOUND = 404;
  public static final int CONFLICT = 409;
  public static final int UNAVAILABLE = 503;

  private final int code;

  public WorkflowClientException(int code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public int code() {
    return code;
  }
}
