package io.alchemiser.shared.event;

import io.alchemiser.shared.bus.Addresses;

import java.util.Optional;

/**
 * Every event of the workflow, with its wire name (the {@code event-type} header) and the module
 * that acts on it. Observers (orchestrator, web, notifications) see every event on
 * {@link Addresses#EVENTS}; the acting module receives it point-to-point so that exactly one
 * replica handles it.
 */
public enum EventType {
  STARTUP("StartupEvent", StartupEvent.class, null),
  WORKFLOW_STARTED("WorkflowStarted", WorkflowStarted.class, "strategy"),
  SIGNAL_GENERATED("SignalGenerated", SignalGenerated.class, "portfolio"),
  REBALANCE_PLANNED("RebalancePlanned", RebalancePlanned.class, "execution"),
  TRADE_EXECUTED("TradeExecuted", TradeExecuted.class, null),
  WORKFLOW_COMPLETED("WorkflowCompleted", WorkflowCompleted.class, null),
  WORKFLOW_FAILED("WorkflowFailed", WorkflowFailed.class, null);

  private final String wireName;
  private final String handlerAddress;
  private final Class<? extends WorkflowEvent> recordClass;
  private final String handlingModule;

  EventType(String wireName, Class<? extends WorkflowEvent> recordClass, String handlingModule) {
    this.wireName = wireName;
    this.handlerAddress = Addresses.HANDLE_PREFIX + wireName;
    this.recordClass = recordClass;
    this.handlingModule = handlingModule;
  }

  public String wireName() {
    return wireName;
  }

  public Class<? extends WorkflowEvent> recordClass() {
    return recordClass;
  }

  /** The module that must act on this event, if any; its handler address is {@link #handlerAddress()}. */
  public Optional<String> handlingModule() {
    return Optional.ofNullable(handlingModule);
  }

  public String handlerAddress() {
    return handlerAddress;
  }

  public boolean isTerminal() {
    return this == WORKFLOW_COMPLETED || this == WORKFLOW_FAILED;
  }

  /** Looked up for every message: a map, not a scan of a fresh copy of {@code values()}. */
  private static final java.util.Map<String, EventType> BY_WIRE_NAME = java.util.Arrays.stream(values())
      .collect(java.util.stream.Collectors.toUnmodifiableMap(EventType::wireName, type -> type));

  public static Optional<EventType> fromWireName(String name) {
    return Optional.ofNullable(name == null ? null : BY_WIRE_NAME.get(name));
  }
}
