package io.alchemiser.shared.event;

/** One event of a trading workflow. Records only, so that every node decodes them from JSON alike. */
public sealed interface WorkflowEvent
    permits StartupEvent, WorkflowStarted, SignalGenerated, RebalancePlanned, TradeExecuted,
        WorkflowCompleted, WorkflowFailed {

  EventMetadata metadata();

  default String correlationId() {
    return metadata().correlationId();
  }

  default EventType type() {
    return EventType.fromWireName(metadata().eventType())
        .orElseThrow(() -> new IllegalStateException("unknown event type " + metadata().eventType()));
  }
}
