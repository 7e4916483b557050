package io.alchemiser.shared.bus;

import io.vertx.core.MultiMap;

/** Message header names. Event metadata travels in headers too, so routing never parses a body. */
public final class Headers {
  public static final String CORRELATION_ID = "correlation-id";
  public static final String CAUSATION_ID = "causation-id";
  public static final String EVENT_ID = "event-id";
  public static final String EVENT_TYPE = "event-type";
  public static final String SCHEMA_VERSION = "schema-version";
  /**
   * When the workflow's run times out (epoch milliseconds), set by the orchestrator on its start and
   * carried by every event of the run: an acting module decides from it, without asking.
   */
  public static final String DEADLINE = "deadline";
  /** Asks a module's handler address whether a replica is there; it answers with its module name. */
  public static final String PING = "ping";
  /** Names the request of the workflow client API. */
  public static final String ACTION = "action";

  private Headers() {
  }

  public static String correlationId(MultiMap headers) {
    return headers == null ? null : headers.get(CORRELATION_ID);
  }
}
