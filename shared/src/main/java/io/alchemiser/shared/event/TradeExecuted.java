package io.alchemiser.shared.event;

import io.alchemiser.shared.trading.OrderReport;
import io.alchemiser.shared.trading.Validation;

/** One order of the plan has reached a final state at the broker. */
public record TradeExecuted(EventMetadata metadata, OrderReport order) implements WorkflowEvent {
  public TradeExecuted {
    Validation.require(metadata, "metadata");
    Validation.require(order, "order");
  }
}
