package io.alchemiser.shared.event;

/** A message that is not a valid event: why, and the workflow it claimed to belong to if any. */
public final class EventRejectedException extends Exception {
  private static final long serialVersionUID = 1L;

  /** A bounded set, so it can label a metric. */
  public enum Reason {
    MISSING_CORRELATION_ID, UNKNOWN_EVENT_TYPE, UNSUPPORTED_SCHEMA_VERSION, MALFORMED_BODY;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final Reason reason;
  private final String correlationId;

  public EventRejectedException(Reason reason, String correlationId, String message) {
    super(message, null, false, false);
    this.reason = reason;
    this.correlationId = correlationId;
  }

  public Reason reason() {
    return reason;
  }

  /** The correlation id from the message header, or null when it had none. */
  public String correlationId() {
    return correlationId;
  }
}
