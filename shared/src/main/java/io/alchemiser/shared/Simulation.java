package io.alchemiser.shared;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * Marks a workflow as one simulated day of a backtest: the strategies are evaluated on the bars up
 * to {@code date}, and the orders fill on the backtest's scratch account at the day's closes in
 * {@code prices}. The backtest's settings are in {@link BacktestSpecs} under {@code backtestId}.
 * Carried on {@code WorkflowStarted}, {@code SignalGenerated} and {@code RebalancePlanned}; null
 * on every live workflow.
 */
public record Simulation(String backtestId, LocalDate date, Map<String, BigDecimal> prices) {
  public Simulation {
    Validation.require(backtestId, "simulation.backtestId");
    Validation.require(date, "simulation.date");
    Validation.require(prices, "simulation.prices");
    prices.forEach((symbol, price) -> {
      if (price == null || price.signum() <= 0) {
        throw new IllegalArgumentException("simulation.prices." + symbol + " must be a positive price");
      }
    });
    prices = java.util.Collections.unmodifiableMap(new TreeMap<>(prices));
  }
}
