package io.alchemiser.shared.trading;

import java.math.BigDecimal;

/** What the execution of a plan came to. */
public record ExecutionSummary(
    int ordersPlaced,
    int ordersFilled,
    int ordersPartiallyFilled,
    int ordersRejected,
    BigDecimal tradedValue,
    boolean dryRun) {

  public ExecutionSummary {
    if (ordersPlaced < 0 || ordersFilled < 0 || ordersPartiallyFilled < 0 || ordersRejected < 0) {
      throw new IllegalArgumentException("execution summary counts must not be negative");
    }
    Validation.nonNegative(tradedValue, "summary.tradedValue");
  }
}
