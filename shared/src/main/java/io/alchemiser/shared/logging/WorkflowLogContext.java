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
    // Runs for every event a module handles: three keys by hand, no arrays.
    String previousId = MDC.get(MDC_CORRELATION_ID);
    String previousModule = module == null ? null : MDC.get(MDC_MODULE);
    String previousType = eventType == null ? null : MDC.get(MDC_EVENT_TYPE);
    put(MDC_CORRELATION_ID, correlationId);
    put(MDC_MODULE, module);
    put(MDC_EVENT_TYPE, eventType);
    try {
      action.run();
    } finally {
      restore(MDC_CORRELATION_ID, correlationId, previousId);
      restore(MDC_MODULE, module, previousModule);
      restore(MDC_EVENT_TYPE, eventType, previousType);
    }
  }

  private static void put(String key, String value) {
    if (value != null) {
      MDC.put(key, value);
    }
  }

  /** Puts back what was there before {@code value} was put (nothing was put for a null value). */
  private static void restore(String key, String value, String previous) {
    if (value == null) {
      return;
    }
    if (previous == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, previous);
    }
  }
}
