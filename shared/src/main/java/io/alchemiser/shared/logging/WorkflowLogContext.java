package io.alchemiser.shared.logging;

import org.slf4j.MDC;

/**
 * The workflow a log line is about, in the logging context (MDC): JSON log lines carry the
 * correlation id, and the module and event type at hand, as fields of their own.
 */
public final class WorkflowLogContext {
  public static final String MDC_CORRELATION_ID = "correlationId";
  public static final String MDC_MODULE = "module";
  public static final String MDC_EVENT_TYPE = "eventType";

  private WorkflowLogContext() {
  }

  /** Runs {@code action} with the correlation id in the logging context, so log lines carry it. */
  public static void withCorrelation(String correlationId, Runnable action) {
    withWorkflow(correlationId, null, null, action);
  }

  /**
   * Runs {@code action} with the workflow's correlation id, and the module and event type at hand
   * (each may be null), in the logging context: JSON log lines carry them as fields.
   */
  public static void withWorkflow(String correlationId, String module, String eventType, Runnable action) {
    String[] keys = {MDC_CORRELATION_ID, MDC_MODULE, MDC_EVENT_TYPE};
    String[] values = {correlationId, module, eventType};
    String[] previous = new String[keys.length];
    for (int i = 0; i < keys.length; i++) {
      previous[i] = MDC.get(keys[i]);
      if (values[i] != null) {
        MDC.put(keys[i], values[i]);
      }
    }
    try {
      action.run();
    } finally {
      for (int i = 0; i < keys.length; i++) {
        if (previous[i] == null) {
          MDC.remove(keys[i]);
        } else {
          MDC.put(keys[i], previous[i]);
        }
      }
    }
  }
}
